import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../local/config';

const composePath = path.join(PROJECT_ROOT, 'docker-compose.yml');

/** Compose v2 (`docker compose`) where the plugin is installed, else Debian's `docker-compose`. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['--version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return undefined;
}

/** `npm run test:compose`: Compose itself reads docker-compose.yml (the unit tests check it against the schema without Compose). */
describe('docker-compose.yml', () => {
  it('is accepted by `docker compose config` without a warning', () => {
    const command = composeCommand();
    if (!command) {
      throw new Error('npm run test:compose needs `docker compose` or `docker-compose` (Debian: apt-get install docker-compose).');
    }
    const [bin, ...args] = command;
    const result = spawnSync(bin!, [...args, '-f', composePath, 'config', '-q'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

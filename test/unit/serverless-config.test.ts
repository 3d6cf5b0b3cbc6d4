import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../local/config';

/** The CLI must answer with no network and no AWS credentials: that is how users and CI run it. */
function serverless(args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
  return spawnSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), ...args], {
    cwd: PROJECT_ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('serverless CLI (osls) offline, without credentials', () => {
  it('reports its version', () => {
    const result = serverless(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/osls version: 4\.\d+\.\d+/);
  });

  it('prints the resolved service on the nodejs24.x runtime', () => {
    const result = serverless(['print', '--format', 'json']);
    expect(result.status).toBe(0);
    const service = JSON.parse(result.stdout) as { provider: { runtime: string }; plugins: string[] };
    expect(service.provider.runtime).toBe('nodejs24.x');
    expect(service.plugins).toEqual(expect.arrayContaining(['serverless-esbuild', 'serverless-offline']));
  });
});

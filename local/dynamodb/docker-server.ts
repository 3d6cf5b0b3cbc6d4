import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { run } from '../process';

const COMPOSE_FILE = path.join(PROJECT_ROOT, 'docker-compose.yml');
/** The service of docker-compose.yml that `up` starts and `down` removes; its named volume keeps the data. */
export const DOCKER_DYNAMODB_SERVICE = 'dynamodb-local';

async function composeService(action: string[], progress: (line: string) => void): Promise<void> {
  const args = ['compose', '-f', COMPOSE_FILE, ...action, DOCKER_DYNAMODB_SERVICE];
  const result = await run('docker', args, { onLine: (line) => line.trim() && progress(`  ${line.trim()}`) });
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} failed (exit ${result.code})`);
}

export function startDockerDynamoDB(progress: (line: string) => void): Promise<void> {
  return composeService(['up', '-d'], progress);
}

export function stopDockerDynamoDB(progress: (line: string) => void): Promise<void> {
  return composeService(['rm', '--stop', '--force'], progress);
}

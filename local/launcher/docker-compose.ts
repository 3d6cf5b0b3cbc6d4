import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { commandWorks, run } from '../process';
import type { Progress } from './progress';

const COMPOSE_FILE = path.join(PROJECT_ROOT, 'docker-compose.yml');

/** A Docker client alone is not enough: `docker info` answers only when an engine does. */
export function dockerEngineAnswers(): boolean {
  return commandWorks('docker', ['info']) && commandWorks('docker', ['compose', 'version']);
}

async function compose(args: string[], progress: Progress, env: Record<string, string> = {}): Promise<void> {
  const result = await run('docker', ['compose', '-f', COMPOSE_FILE, ...args], {
    env: { ...process.env, ...env },
    onLine: (line) => line.trim() && progress(`  ${line.trim()}`),
  });
  if (result.code !== 0) throw new Error(`docker compose ${args.join(' ')} failed (exit ${result.code})`);
}

/** Starts these services of docker-compose.yml, and only these. */
export function composeUp(services: readonly string[], progress: Progress, env: Record<string, string> = {}): Promise<void> {
  return compose(['up', '-d', ...services], progress, env);
}

/** Stops and removes these services; their named volumes keep the data. */
export function composeRemove(services: readonly string[], progress: Progress): Promise<void> {
  return compose(['rm', '--stop', '--force', ...services], progress);
}

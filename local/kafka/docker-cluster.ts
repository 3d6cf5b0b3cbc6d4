import path from 'node:path';
import { PROJECT_ROOT } from '../config';
import { commandWorks, run } from '../process';

const COMPOSE_FILE = path.join(PROJECT_ROOT, 'docker-compose.yml');
/** The Kafka services of docker-compose.yml; `down` removes these and leaves the others alone. */
export const DOCKER_KAFKA_SERVICES = ['kafka-1', 'kafka-2', 'kafka-3'];
export const DOCKER_KAFKA_BROKERS = DOCKER_KAFKA_SERVICES.length;

/** A Docker client alone is not enough: `docker info` answers only when an engine does. */
export function dockerEngineAnswers(): boolean {
  return commandWorks('docker', ['info']) && commandWorks('docker', ['compose', 'version']);
}

async function compose(args: string[], progress: (line: string) => void): Promise<void> {
  const result = await run('docker', ['compose', '-f', COMPOSE_FILE, ...args], {
    onLine: (line) => line.trim() && progress(`  ${line.trim()}`),
  });
  if (result.code !== 0) {
    throw new Error(`docker compose ${args.join(' ')} failed (exit ${result.code})`);
  }
}

export async function startDockerKafka(progress: (line: string) => void): Promise<void> {
  await compose(['up', '-d', ...DOCKER_KAFKA_SERVICES], progress);
}

export async function stopDockerKafka(progress: (line: string) => void): Promise<void> {
  await compose(['rm', '--stop', '--force', ...DOCKER_KAFKA_SERVICES], progress);
}

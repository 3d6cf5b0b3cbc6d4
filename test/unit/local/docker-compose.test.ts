import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  DYNAMODB_LOCAL_IMAGE,
  DYNAMODB_LOCAL_PORT,
  DYNAMODB_LOCAL_VERSION,
  KAFKA_BASE_PORT,
  KAFKA_VERSION,
  PROJECT_ROOT,
} from '../../../local/config';
import { DOCKER_DYNAMODB_SERVICE } from '../../../local/dynamodb/docker-server';
import { DOCKER_KAFKA_SERVICES } from '../../../local/kafka/docker-cluster';

const composePath = path.join(PROJECT_ROOT, 'docker-compose.yml');

interface ComposeService {
  image: string;
  ports?: string[];
  environment?: Record<string, string | number>;
  command?: string[];
}
const compose = parse(fs.readFileSync(composePath, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** Compose v2 (`docker compose`) where the plugin is installed, else Debian's `docker-compose`. */
function composeCommand(): string[] | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['--version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  return undefined;
}

describe('docker-compose.yml', () => {
  it('is a valid Compose file', () => {
    const command = composeCommand();
    if (!command) {
      throw new Error('Validating docker-compose.yml needs `docker compose` or `docker-compose` (Debian: apt-get install docker-compose).');
    }
    const [bin, ...args] = command;
    const result = spawnSync(bin!, [...args, '-f', composePath, 'config', '-q'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs the same Kafka version as the Java path', () => {
    const pom = fs.readFileSync(path.join(PROJECT_ROOT, 'local/kafka/pom.xml'), 'utf8');
    expect(/<kafka.version>([^<]+)<\/kafka.version>/.exec(pom)?.[1]).toBe(KAFKA_VERSION);
    for (const name of DOCKER_KAFKA_SERVICES) {
      expect(compose.services[name]?.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    }
  });

  it('advertises each broker on the host port local/config.ts gives it', () => {
    DOCKER_KAFKA_SERVICES.forEach((name, index) => {
      const service = compose.services[name]!;
      const hostPort = KAFKA_BASE_PORT + index;
      expect(service.environment?.KAFKA_NODE_ID).toBe(index + 1);
      expect(service.ports).toEqual([`127.0.0.1:${hostPort}:9092`]);
      expect(String(service.environment?.KAFKA_ADVERTISED_LISTENERS)).toContain(`EXTERNAL://127.0.0.1:${hostPort}`);
      expect(service.environment?.KAFKA_MIN_INSYNC_REPLICAS).toBe(2);
      expect(service.environment?.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe(3);
    });
  });

  it('runs the same DynamoDB Local version as the Java path, on the port local/config.ts gives it', () => {
    const pom = fs.readFileSync(path.join(PROJECT_ROOT, 'local/dynamodb/pom.xml'), 'utf8');
    expect(/<dynamodb-local.version>([^<]+)<\/dynamodb-local.version>/.exec(pom)?.[1]).toBe(DYNAMODB_LOCAL_VERSION);
    const service = compose.services[DOCKER_DYNAMODB_SERVICE]!;
    expect(service.image).toBe(DYNAMODB_LOCAL_IMAGE);
    expect(DYNAMODB_LOCAL_IMAGE).toBe(`amazon/dynamodb-local:${DYNAMODB_LOCAL_VERSION}`);
    expect(service.ports).toEqual([`127.0.0.1:${DYNAMODB_LOCAL_PORT}:8000`]);
    expect(service.command).toEqual(expect.arrayContaining(['-sharedDb', '-dbPath', '-disableTelemetry']));
  });

  it('binds every published port to 127.0.0.1', () => {
    const ports = Object.values(compose.services).flatMap((service) => service.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });
});

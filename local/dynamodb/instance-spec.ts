import path from 'node:path';
import { DYNAMODB_LOCAL_HOST, DYNAMODB_LOCAL_PORT, DYNAMODB_LOCAL_STATE_DIR } from '../config';

/** One local DynamoDB Local: its port and where its state lives. */
export interface InstanceSpec {
  /** Names the state folder, so a test instance never touches the developer's own. */
  name: string;
  port: number;
  stateDir: string;
}

export interface InstanceSpecOptions {
  name?: string;
  port?: number;
}

export const DEFAULT_INSTANCE_NAME = 'dev';

export function instanceSpec(options: InstanceSpecOptions = {}): InstanceSpec {
  const name = options.name ?? DEFAULT_INSTANCE_NAME;
  return {
    name,
    port: options.port ?? DYNAMODB_LOCAL_PORT,
    stateDir: path.join(DYNAMODB_LOCAL_STATE_DIR, name),
  };
}

export function endpointOf(port: number): string {
  return `http://${DYNAMODB_LOCAL_HOST}:${port}`;
}

/** Tables and items; survives `down`. */
export function dataDir(spec: InstanceSpec): string {
  return path.join(spec.stateDir, 'data');
}

export function logPath(spec: InstanceSpec): string {
  return path.join(spec.stateDir, 'dynamodb.log');
}

/** The service of docker-compose.yml that `up` starts and `down` removes; its named volume keeps the data. */
export const DOCKER_DYNAMODB_SERVICE = 'dynamodb-local';

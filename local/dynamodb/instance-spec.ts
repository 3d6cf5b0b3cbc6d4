import path from 'node:path';
import { DYNAMODB_LOCAL_HOST, DYNAMODB_LOCAL_PORT, DYNAMODB_LOCAL_STATE_DIR } from '../config';
import { namedInstance, type InstanceSpec, type InstanceSpecOptions } from '../launcher/instance-spec';

export type { InstanceSpec, InstanceSpecOptions } from '../launcher/instance-spec';

export function instanceSpec(options: InstanceSpecOptions = {}): InstanceSpec {
  return namedInstance(options, DYNAMODB_LOCAL_PORT, DYNAMODB_LOCAL_STATE_DIR);
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

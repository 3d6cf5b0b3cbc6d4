import path from 'node:path';
import { SCHEMA_REGISTRY_CCOMPAT_PATH, SCHEMA_REGISTRY_HOST, SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_STATE_DIR } from '../config';
import { namedInstance, type InstanceSpec, type InstanceSpecOptions } from '../launcher/instance-spec';

export type { InstanceSpec, InstanceSpecOptions } from '../launcher/instance-spec';

export function instanceSpec(options: InstanceSpecOptions = {}): InstanceSpec {
  return namedInstance(options, SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_STATE_DIR);
}

/** The Confluent-compatible API's base URL: what a mapping's `schemaRegistryURI` names. */
export function registryUrlOf(port: number): string {
  return `http://${SCHEMA_REGISTRY_HOST}:${port}${SCHEMA_REGISTRY_CCOMPAT_PATH}`;
}

export function logPath(spec: InstanceSpec): string {
  return path.join(spec.stateDir, 'registry.log');
}

/** The service of docker-compose.yml that `up` starts and `down` removes. */
export const DOCKER_SCHEMA_REGISTRY_SERVICE = 'schema-registry';

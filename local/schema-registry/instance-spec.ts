import path from 'node:path';
import { SCHEMA_REGISTRY_CCOMPAT_PATH, SCHEMA_REGISTRY_HOST, SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_STATE_DIR } from '../config';

/** One local registry: its port and where its state lives. */
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
  return { name, port: options.port ?? SCHEMA_REGISTRY_PORT, stateDir: path.join(SCHEMA_REGISTRY_STATE_DIR, name) };
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

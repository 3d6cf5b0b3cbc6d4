import path from 'node:path';
import {
  KAFKA_BASE_PORT,
  KAFKA_CONTROLLER_BASE_PORT,
  KAFKA_HOST,
  KAFKA_SCRAM_PORT_OFFSET,
  LOCAL_STATE_DIR,
} from '../config';
import type { ScramCredentials } from '../../shared/kafka-connection/scram-credentials';

/** One local cluster: its size, its ports and where its state lives. */
export interface ClusterSpec {
  /** Names the state folder, so a test cluster never touches the developer's own. */
  name: string;
  brokers: number;
  basePort: number;
  controllerBasePort: number;
  stateDir: string;
  /** Set: each broker also has a SASL_PLAINTEXT listener where this SCRAM-SHA-512 user logs in. */
  scram: ScramCredentials | undefined;
}

export interface ClusterSpecOptions {
  name?: string;
  brokers?: number;
  basePort?: number;
  controllerBasePort?: number;
  scram?: ScramCredentials;
}

export const DEFAULT_CLUSTER_NAME = 'dev';

export function clusterSpec(options: ClusterSpecOptions = {}): ClusterSpec {
  const name = options.name ?? DEFAULT_CLUSTER_NAME;
  const brokers = options.brokers ?? 1;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 5) {
    throw new RangeError(`--brokers must be a whole number from 1 to 5, got ${String(options.brokers)}`);
  }
  return {
    name,
    brokers,
    basePort: options.basePort ?? KAFKA_BASE_PORT,
    controllerBasePort: options.controllerBasePort ?? KAFKA_CONTROLLER_BASE_PORT,
    stateDir: path.join(LOCAL_STATE_DIR, 'kafka', name),
    scram: options.scram,
  };
}

/** KRaft node ids start at 1, as in docker-compose.yml. */
export function nodeIds(spec: ClusterSpec): number[] {
  return Array.from({ length: spec.brokers }, (_, index) => index + 1);
}

export function clientPort(spec: ClusterSpec, nodeId: number): number {
  return spec.basePort + nodeId - 1;
}

export function controllerPort(spec: ClusterSpec, nodeId: number): number {
  return spec.controllerBasePort + nodeId - 1;
}

/** The port of broker `nodeId`'s SCRAM listener, when the cluster has one. */
export function scramPort(spec: ClusterSpec, nodeId: number): number {
  return clientPort(spec, nodeId) + KAFKA_SCRAM_PORT_OFFSET;
}

/** Every broker's host:port on one listener: PLAINTEXT, or the SCRAM one with `scramPort`. */
export function bootstrapServers(spec: ClusterSpec, port: (spec: ClusterSpec, nodeId: number) => number = clientPort): string[] {
  return nodeIds(spec).map((id) => `${KAFKA_HOST}:${port(spec, id)}`);
}

/** The Kafka services of docker-compose.yml; `down` removes these and leaves the others alone. */
export const DOCKER_KAFKA_SERVICES = ['kafka-1', 'kafka-2', 'kafka-3'];
export const DOCKER_KAFKA_BROKERS = DOCKER_KAFKA_SERVICES.length;

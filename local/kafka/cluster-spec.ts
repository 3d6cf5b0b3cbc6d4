import path from 'node:path';
import {
  KAFKA_BASE_PORT,
  KAFKA_CONTROLLER_BASE_PORT,
  KAFKA_HOST,
  KAFKA_MUTUAL_TLS_PORT_OFFSET,
  KAFKA_SASL_SSL_PORT_OFFSET,
  KAFKA_SCRAM_PORT_OFFSET,
  KAFKA_SSL_PORT_OFFSET,
  KAFKA_VERSION,
  LOCAL_STATE_DIR,
} from '../config';
import type { ScramCredentials } from '../../shared/kafka-connection/scram-credentials';

/** One local cluster: its size, its ports and where its state lives. */
export interface ClusterSpec {
  /** Names the state folder, so a test cluster never touches the developer's own. */
  name: string;
  /** The Apache Kafka release the Java path fetches and Compose pulls: KAFKA_VERSION unless asked otherwise. */
  kafkaVersion: string;
  brokers: number;
  basePort: number;
  controllerBasePort: number;
  stateDir: string;
  /** Set: each broker also has a SASL_PLAINTEXT listener where this SCRAM-SHA-512 user logs in. */
  scram: ScramCredentials | undefined;
  /**
   * Also every listener Lambda can log in on, for trying the poller's authentication locally: the
   * SASL ones take SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN for the `scram` user, and SASL_SSL, SSL
   * and mutual TLS listeners use a certificate authority made when the cluster starts.
   */
  authListeners: boolean;
}

export interface ClusterSpecOptions {
  name?: string;
  /** `--kafka-version`; else the KAFKA_VERSION environment variable; else KAFKA_VERSION of local/config.ts. */
  kafkaVersion?: string;
  brokers?: number;
  basePort?: number;
  controllerBasePort?: number;
  scram?: ScramCredentials;
  authListeners?: boolean;
}

export const DEFAULT_CLUSTER_NAME = 'dev';

export function clusterSpec(options: ClusterSpecOptions = {}): ClusterSpec {
  const name = options.name ?? DEFAULT_CLUSTER_NAME;
  const brokers = options.brokers ?? 1;
  if (!Number.isInteger(brokers) || brokers < 1 || brokers > 5) {
    throw new RangeError(`--brokers must be a whole number from 1 to 5, got ${String(options.brokers)}`);
  }
  if (options.authListeners && !options.scram) throw new RangeError('the auth listeners need the SCRAM user their SASL listeners log in');
  const kafkaVersion = options.kafkaVersion ?? (process.env.KAFKA_VERSION || KAFKA_VERSION);
  // KRaft alone, as the brokers here are configured: Apache Kafka 4.x (Maven Central serves 4.0.0 on).
  if (!/^4\.\d+\.\d+$/.test(kafkaVersion)) throw new RangeError(`--kafka-version (or KAFKA_VERSION) must be an Apache Kafka 4.x.y release, got ${kafkaVersion}`);
  return {
    name,
    kafkaVersion,
    brokers,
    basePort: options.basePort ?? KAFKA_BASE_PORT,
    controllerBasePort: options.controllerBasePort ?? KAFKA_CONTROLLER_BASE_PORT,
    stateDir: path.join(LOCAL_STATE_DIR, 'kafka', name),
    scram: options.scram,
    authListeners: options.authListeners ?? false,
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

export function saslSslPort(spec: ClusterSpec, nodeId: number): number {
  return clientPort(spec, nodeId) + KAFKA_SASL_SSL_PORT_OFFSET;
}

export function sslPort(spec: ClusterSpec, nodeId: number): number {
  return clientPort(spec, nodeId) + KAFKA_SSL_PORT_OFFSET;
}

export function mutualTlsPort(spec: ClusterSpec, nodeId: number): number {
  return clientPort(spec, nodeId) + KAFKA_MUTUAL_TLS_PORT_OFFSET;
}

/** Every client port of broker `nodeId`: PLAINTEXT, and those of the listeners the spec adds. */
export function clientPorts(spec: ClusterSpec, nodeId: number): number[] {
  const ports = [clientPort(spec, nodeId)];
  if (spec.scram) ports.push(scramPort(spec, nodeId));
  if (spec.authListeners) ports.push(saslSslPort(spec, nodeId), sslPort(spec, nodeId), mutualTlsPort(spec, nodeId));
  return ports;
}

/** Every broker's host:port on one listener: PLAINTEXT, or another with its port function (`scramPort`, ...). */
export function bootstrapServers(spec: ClusterSpec, port: (spec: ClusterSpec, nodeId: number) => number = clientPort): string[] {
  return nodeIds(spec).map((id) => `${KAFKA_HOST}:${port(spec, id)}`);
}

/** The Kafka services of docker-compose.yml; `down` removes these and leaves the others alone. */
export const DOCKER_KAFKA_SERVICES = ['kafka-1', 'kafka-2', 'kafka-3'];
export const DOCKER_KAFKA_BROKERS = DOCKER_KAFKA_SERVICES.length;

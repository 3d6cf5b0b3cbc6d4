import path from 'node:path';
import { KAFKA_HOST, LOCAL_TOPICS, replicationFactorFor } from '../config';
import { javaToolchainProblem } from '../java/toolchain';
import { chooseRuntime, composeUp, isOurs, LaunchError, Launcher, refuseTakenPorts, reportWaiting, type Launched, type Progress, type Runtime } from '../launcher';
import {
  bootstrapServers,
  clientPorts,
  clusterSpec,
  DOCKER_KAFKA_BROKERS,
  DOCKER_KAFKA_SERVICES,
  mutualTlsPort,
  nodeIds,
  saslSslPort,
  scramPort,
  sslPort,
  type ClusterSpec,
  type ClusterSpecOptions,
} from './cluster-spec';
import { NODE_STOP_GRACE_MS, ownedProcess, restartJavaNode, startJavaCluster, stopJavaNode, tlsDir, waitForJavaNode, type JavaNode } from './java-cluster';
import { tlsMaterialPaths, type TlsMaterial } from './tls-material';
import { waitForBrokers, waitForGroupCoordinator } from './readiness';
import { ensureTopics } from './topics';
import { BROKER_LIST_FORMAT, parseBrokerList } from '../../shared/kafka-connection';

/** What `up` started, kept in `.local/kafka/<name>/cluster.json` so `down` stops exactly that. */
export interface KafkaCluster extends Launched {
  kafkaVersion: string;
  brokers: number;
  bootstrapServers: string[];
  /** Started with `--scram`: where its SASL_PLAINTEXT listener is and who logs in (the password stays in local/config.ts). */
  scram?: { bootstrapServers: string[]; username: string };
  /** Started with `--auth-listeners`: the other listeners, and the CA (and client certificate) their TLS uses. */
  authListeners?: AuthListeners;
  nodes: JavaNode[];
}

/** Where each listener `--auth-listeners` adds is; SASL users are the SCRAM user. */
export interface AuthListeners {
  /** SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN over TLS. */
  saslSsl: string[];
  /** TLS with no login. */
  ssl: string[];
  /** TLS that requires a client certificate signed by the CA. */
  mutualTls: string[];
  tls: TlsMaterial;
}

export interface UpOptions extends ClusterSpecOptions {
  /** Force a runtime instead of detecting one (tests pin `java` for clusters on their own ports). */
  runtime?: 'docker' | 'java';
  /** Set false to start a cluster of our own even when KAFKA_BROKERS names one. */
  brokersFromEnv?: boolean;
  progress?: Progress;
}

export interface UpResult {
  cluster: KafkaCluster;
  /** False when `up` found the cluster already running (or external) and started nothing. */
  startedHere: boolean;
  createdTopics: string[];
}

const DOCKER_READY_TIMEOUT_MS = 120_000;
const EXTERNAL_READY_TIMEOUT_MS = 15_000;

function cluster(runtime: Runtime, kafkaVersion: string, brokers: number, servers: string[], nodes: JavaNode[]): KafkaCluster {
  return { runtime, kafkaVersion, brokers, bootstrapServers: servers, nodes, startedAt: new Date().toISOString() };
}

// The Docker Compose brokers have no SCRAM listener: a SCRAM cluster always runs on Java.
function scramRuntime(requested: UpOptions['runtime'], flag: string): 'java' {
  const problem = requested === 'docker' ? 'Docker was asked for' : javaToolchainProblem();
  if (!problem) return 'java';
  throw new LaunchError(
    `Cannot start a local Kafka with SCRAM: ${flag} runs Kafka with Java 17+ and Maven (the Docker Compose brokers have no SCRAM listener), and ${problem}.`,
  );
}

function authListenersOf(spec: ClusterSpec): AuthListeners {
  return {
    saslSsl: bootstrapServers(spec, saslSslPort),
    ssl: bootstrapServers(spec, sslPort),
    mutualTls: bootstrapServers(spec, mutualTlsPort),
    tls: tlsMaterialPaths(tlsDir(spec)),
  };
}

async function startDocker(options: UpOptions, spec: ClusterSpec, progress: Progress): Promise<KafkaCluster> {
  if (spec.brokers !== DOCKER_KAFKA_BROKERS) progress(`Docker Compose runs the ${DOCKER_KAFKA_BROKERS}-broker cluster of docker-compose.yml`);
  progress(`Starting Kafka ${spec.kafkaVersion} with Docker Compose`);
  await composeUp(DOCKER_KAFKA_SERVICES, progress, { KAFKA_VERSION: spec.kafkaVersion });
  const servers = bootstrapServers(clusterSpec({ ...options, brokers: DOCKER_KAFKA_BROKERS }));
  await waitForBrokers(servers, DOCKER_KAFKA_BROKERS, {
    timeoutMs: DOCKER_READY_TIMEOUT_MS,
    onWait: reportWaiting(progress, 'brokers'),
  });
  return cluster('docker', spec.kafkaVersion, DOCKER_KAFKA_BROKERS, servers, []);
}

async function startJava(spec: ClusterSpec, progress: Progress): Promise<KafkaCluster> {
  const ports = nodeIds(spec).flatMap((id) => clientPorts(spec, id));
  await refuseTakenPorts(KAFKA_HOST, ports, (port) => `use that cluster with KAFKA_BROKERS=${KAFKA_HOST}:${port}`);
  const nodes = await startJavaCluster(spec, progress);
  const scram = spec.scram && { bootstrapServers: bootstrapServers(spec, scramPort), username: spec.scram.username };
  return { ...cluster('java', spec.kafkaVersion, spec.brokers, bootstrapServers(spec), nodes), ...(scram && { scram }), ...(spec.authListeners && { authListeners: authListenersOf(spec) }) };
}

const kafka = new Launcher<KafkaCluster, UpOptions>({
  statePath: (options) => path.join(clusterSpec(options).stateDir, 'cluster.json'),

  async external(options, progress) {
    const brokersEnv = options.brokersFromEnv === false ? undefined : process.env.KAFKA_BROKERS;
    if (!brokersEnv) return undefined;
    if (options.scram) {
      const flag = options.authListeners ? '--auth-listeners' : '--scram';
      throw new LaunchError(`${flag} starts a local cluster with a SCRAM listener, but KAFKA_BROKERS names one (${brokersEnv}): unset KAFKA_BROKERS.`);
    }
    progress(`KAFKA_BROKERS is set: using ${brokersEnv}, starting nothing`);
    const servers = parseBrokerList(brokersEnv);
    if (!servers) throw new LaunchError(`KAFKA_BROKERS must be ${BROKER_LIST_FORMAT}, not '${brokersEnv}'`);
    await waitForBrokers(servers, 1, { timeoutMs: EXTERNAL_READY_TIMEOUT_MS });
    return cluster('external', 'unknown', servers.length, servers, []);
  },

  checkReuse(previous, options) {
    const version = clusterSpec(options).kafkaVersion;
    if (previous.kafkaVersion !== version) {
      throw new LaunchError(`Kafka ${previous.kafkaVersion} is already running; run \`npm run kafka -- down\` before starting ${version}.`);
    }
    const wanted = options.brokers ?? previous.brokers;
    if (previous.runtime === 'java' && wanted !== previous.brokers) {
      throw new LaunchError(`A ${previous.brokers}-broker cluster is already running; run \`npm run kafka -- down\` before starting ${wanted}.`);
    }
    if (options.scram && !previous.scram) {
      throw new LaunchError('A cluster without SCRAM is already running; run `npm run kafka -- down` before `up --scram`.');
    }
    if (options.authListeners && !previous.authListeners) {
      throw new LaunchError('A cluster without the auth listeners is already running; run `npm run kafka -- down` before `up --auth-listeners`.');
    }
  },

  start(options, progress) {
    const spec = clusterSpec(options);
    const runtime = spec.scram
      ? scramRuntime(options.runtime, spec.authListeners ? '--auth-listeners' : '--scram')
      : chooseRuntime(options.runtime, {
          service: 'a local Kafka',
          java: 'Java 17+',
          instead: 'point KAFKA_BROKERS at a running cluster (e.g. KAFKA_BROKERS=127.0.0.1:9092)',
        });
    return runtime === 'docker' ? startDocker(options, spec, progress) : startJava(spec, progress);
  },

  composeServices: DOCKER_KAFKA_SERVICES,
  javaProcesses: (state) => state.nodes.map(ownedProcess),
  stopGraceMs: NODE_STOP_GRACE_MS,
});

/**
 * Yields a running cluster with the project's topics: the one in KAFKA_BROKERS, the one a
 * previous `up` left running, or a new one (Docker Compose when an engine answers, else Java).
 */
export async function kafkaUp(options: UpOptions = {}): Promise<UpResult> {
  const progress = options.progress ?? (() => undefined);
  const { state: running, startedHere } = await kafka.up(options, progress);
  const replication = replicationFactorFor(running.brokers);
  const createdTopics = await ensureTopics(running.bootstrapServers, LOCAL_TOPICS, replication);
  for (const topic of createdTopics) progress(`Created topic ${topic} (replication factor ${replication})`);
  if (startedHere) await waitForGroupCoordinator(running.bootstrapServers, LOCAL_TOPICS[0]!.name, 60_000);
  return { cluster: running, startedHere, createdTopics };
}

/** Stops what `up` started for this cluster name, and nothing else. */
export function kafkaDown(options: UpOptions = {}): Promise<KafkaCluster | undefined> {
  return kafka.down(options, options.progress ?? (() => undefined));
}

/** The cluster `up` started, if it is still running. */
export function kafkaStatus(options: ClusterSpecOptions = {}): KafkaCluster | undefined {
  return kafka.status(options);
}

/** The Java cluster `up` started under these options, and one of its nodes. */
function javaClusterNode(nodeId: number, options: ClusterSpecOptions): { cluster: KafkaCluster; node: JavaNode } {
  const { name } = clusterSpec(options);
  const running = kafkaStatus(options);
  if (!running) throw new LaunchError(`No cluster "${name}" is running: start it with \`up\` first.`);
  if (running.runtime !== 'java') {
    throw new LaunchError(`Nodes can be stopped one by one only on a cluster run with Java; "${name}" runs on ${running.runtime}.`);
  }
  const node = running.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) throw new RangeError(`cluster "${name}" has nodes ${running.nodes.map((candidate) => candidate.id).join(', ')}, not ${nodeId}`);
  return { cluster: running, node };
}

/**
 * Takes one broker of a running Java cluster down while the others keep serving, to see what a
 * broker loss does: SIGKILL (the default) as a crash, SIGTERM for a controlled shutdown.
 */
export async function kafkaNodeDown(nodeId: number, options: ClusterSpecOptions & { signal?: 'SIGKILL' | 'SIGTERM' } = {}): Promise<void> {
  const { node } = javaClusterNode(nodeId, options);
  await stopJavaNode(node, options.signal ?? 'SIGKILL');
}

/** Starts again a node `kafkaNodeDown` took down (its data kept); resolves once it serves the cluster's metadata. */
export async function kafkaNodeUp(nodeId: number, options: ClusterSpecOptions = {}): Promise<JavaNode> {
  const { cluster: running, node } = javaClusterNode(nodeId, options);
  if (isOurs(ownedProcess(node))) return node;
  const restarted = restartJavaNode(node, running.kafkaVersion);
  // Recorded before waiting, so `down` stops it even if it never becomes ready.
  kafka.record(options, { ...running, nodes: running.nodes.map((candidate) => (candidate.id === nodeId ? restarted : candidate)) });
  await waitForJavaNode(clusterSpec(options), restarted);
  return restarted;
}

import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { KAFKA_HOST, KAFKA_VERSION, LOCAL_TOPICS, replicationFactorFor } from '../config';
import { javaToolchainProblem } from '../java/toolchain';
import { bootstrapServers, clientPort, clusterSpec, nodeIds, scramPort, type ClusterSpec, type ClusterSpecOptions } from './cluster-spec';
import { DOCKER_KAFKA_BROKERS, dockerEngineAnswers, startDockerKafka, stopDockerKafka } from './docker-cluster';
import { isOurNode, restartJavaNode, startJavaCluster, stopJavaNode, stopJavaNodes, waitForJavaNode, type JavaNode } from './java-cluster';
import { waitForBrokers, waitForGroupCoordinator } from './readiness';
import { ensureTopics } from './topics';

export type KafkaRuntime = 'external' | 'docker' | 'java';

/** What `up` started, kept in `.local/kafka/<name>/cluster.json` so `down` stops exactly that. */
export interface KafkaCluster {
  runtime: KafkaRuntime;
  kafkaVersion: string;
  brokers: number;
  bootstrapServers: string[];
  /** Started with `--scram`: where its SASL_PLAINTEXT listener is and who logs in (the password stays in local/config.ts). */
  scram?: { bootstrapServers: string[]; username: string };
  nodes: JavaNode[];
  startedAt: string;
}

export interface UpOptions extends ClusterSpecOptions {
  /** Force a runtime instead of detecting one (tests pin `java` for clusters on their own ports). */
  runtime?: 'docker' | 'java';
  /** Set false to start a cluster of our own even when KAFKA_BROKERS names one. */
  brokersFromEnv?: boolean;
  progress?: (line: string) => void;
}

export interface UpResult {
  cluster: KafkaCluster;
  /** False when `up` found the cluster already running (or external) and started nothing. */
  startedHere: boolean;
  createdTopics: string[];
}

export class KafkaUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaUnavailableError';
  }
}

const DOCKER_READY_TIMEOUT_MS = 120_000;
const EXTERNAL_READY_TIMEOUT_MS = 15_000;

function stateFile(options: ClusterSpecOptions): string {
  return path.join(clusterSpec(options).stateDir, 'cluster.json');
}

function readState(options: ClusterSpecOptions): KafkaCluster | undefined {
  const file = stateFile(options);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as KafkaCluster) : undefined;
}

function writeState(options: ClusterSpecOptions, cluster: KafkaCluster): void {
  const file = stateFile(options);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(cluster, null, 2)}\n`);
}

function isRunning(cluster: KafkaCluster): boolean {
  return cluster.runtime !== 'java' || cluster.nodes.some(isOurNode);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: KAFKA_HOST, port, timeout: 500 });
    const answer = (answered: boolean) => () => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', answer(true));
    socket.once('error', answer(false));
    socket.once('timeout', answer(false));
  });
}

function chooseRuntime(requested: UpOptions['runtime'], spec: ClusterSpec): 'docker' | 'java' {
  if (spec.scram) return scramRuntime(requested);
  if (requested) return requested;
  if (dockerEngineAnswers()) return 'docker';
  const javaProblem = javaToolchainProblem();
  if (!javaProblem) return 'java';
  throw new KafkaUnavailableError(
    [
      `Cannot start a local Kafka: no Docker engine answers and ${javaProblem}.`,
      'Install one of:',
      '  - Docker (Docker Desktop, or Docker Engine with the compose plugin), or',
      '  - Java 17+ and Apache Maven (e.g. `apt-get install openjdk-17-jdk-headless maven`, `brew install openjdk@17 maven`),',
      'or point KAFKA_BROKERS at a running cluster (e.g. KAFKA_BROKERS=127.0.0.1:9092).',
    ].join('\n'),
  );
}

// The Docker Compose brokers have no SCRAM listener: a SCRAM cluster always runs on Java.
function scramRuntime(requested: UpOptions['runtime']): 'java' {
  const problem = requested === 'docker' ? 'Docker was asked for' : javaToolchainProblem();
  if (!problem) return 'java';
  throw new KafkaUnavailableError(
    `Cannot start a local Kafka with SCRAM: --scram runs Kafka with Java 17+ and Maven (the Docker Compose brokers have no SCRAM listener), and ${problem}.`,
  );
}

async function startCluster(options: UpOptions, progress: (line: string) => void): Promise<KafkaCluster> {
  const spec = clusterSpec(options);
  const runtime = chooseRuntime(options.runtime, spec);
  if (runtime === 'docker') {
    if (spec.brokers !== DOCKER_KAFKA_BROKERS) {
      progress(`Docker Compose runs the ${DOCKER_KAFKA_BROKERS}-broker cluster of docker-compose.yml`);
    }
    progress('Starting Kafka with Docker Compose');
    await startDockerKafka(progress);
    const dockerSpec = clusterSpec({ ...options, brokers: DOCKER_KAFKA_BROKERS });
    await waitForBrokers(bootstrapServers(dockerSpec), DOCKER_KAFKA_BROKERS, {
      timeoutMs: DOCKER_READY_TIMEOUT_MS,
      onWait: (elapsed) => progress(`  waiting for brokers... ${Math.round(elapsed / 1000)}s`),
    });
    return cluster('docker', DOCKER_KAFKA_BROKERS, bootstrapServers(dockerSpec), []);
  }
  const ports = nodeIds(spec).flatMap((id) => (spec.scram ? [clientPort(spec, id), scramPort(spec, id)] : [clientPort(spec, id)]));
  for (const port of ports) {
    if (await portAnswers(port)) {
      throw new KafkaUnavailableError(
        `Port ${port} on ${KAFKA_HOST} is already in use by a process this project did not start. ` +
          `Stop it, or use that cluster with KAFKA_BROKERS=${KAFKA_HOST}:${port}.`,
      );
    }
  }
  const nodes = await startJavaCluster(spec, progress);
  const scram = spec.scram && { bootstrapServers: bootstrapServers(spec, scramPort), username: spec.scram.username };
  return { ...cluster('java', spec.brokers, bootstrapServers(spec), nodes), ...(scram && { scram }) };
}

function cluster(runtime: KafkaRuntime, brokers: number, servers: string[], nodes: JavaNode[]): KafkaCluster {
  return { runtime, kafkaVersion: KAFKA_VERSION, brokers, bootstrapServers: servers, nodes, startedAt: new Date().toISOString() };
}

async function externalCluster(brokersEnv: string): Promise<KafkaCluster> {
  const servers = brokersEnv.split(',').map((server) => server.trim()).filter(Boolean);
  await waitForBrokers(servers, 1, { timeoutMs: EXTERNAL_READY_TIMEOUT_MS });
  return cluster('external', servers.length, servers, []);
}

/**
 * Yields a running cluster with the project's topics: the one in KAFKA_BROKERS, the one a
 * previous `up` left running, or a new one (Docker Compose when an engine answers, else Java).
 */
export async function kafkaUp(options: UpOptions = {}): Promise<UpResult> {
  const progress = options.progress ?? (() => undefined);
  const brokersEnv = options.brokersFromEnv === false ? undefined : process.env.KAFKA_BROKERS;
  let found: KafkaCluster | undefined;
  if (brokersEnv && options.scram) {
    throw new KafkaUnavailableError(`--scram starts a local cluster with a SCRAM listener, but KAFKA_BROKERS names one (${brokersEnv}): unset KAFKA_BROKERS.`);
  }
  if (brokersEnv) {
    progress(`KAFKA_BROKERS is set: using ${brokersEnv}, starting nothing`);
    found = await externalCluster(brokersEnv);
  } else {
    const previous = readState(options);
    if (previous && isRunning(previous)) {
      const wanted = options.brokers ?? previous.brokers;
      if (previous.runtime === 'java' && wanted !== previous.brokers) {
        throw new KafkaUnavailableError(
          `A ${previous.brokers}-broker cluster is already running; run \`npm run kafka -- down\` before starting ${wanted}.`,
        );
      }
      if (options.scram && !previous.scram) {
        throw new KafkaUnavailableError('A cluster without SCRAM is already running; run `npm run kafka -- down` before `up --scram`.');
      }
      found = previous;
    }
  }
  const startedHere = found === undefined;
  const running = found ?? (await startCluster(options, progress));
  if (startedHere) writeState(options, running);

  const replication = replicationFactorFor(running.brokers);
  const createdTopics = await ensureTopics(running.bootstrapServers, LOCAL_TOPICS, replication);
  for (const topic of createdTopics) progress(`Created topic ${topic} (replication factor ${replication})`);
  if (startedHere) await waitForGroupCoordinator(running.bootstrapServers, LOCAL_TOPICS[0]!.name, 60_000);
  return { cluster: running, startedHere, createdTopics };
}

/** Stops what `up` started for this cluster name, and nothing else. */
export async function kafkaDown(options: UpOptions = {}): Promise<KafkaCluster | undefined> {
  const progress = options.progress ?? (() => undefined);
  const state = readState(options);
  if (!state) return undefined;
  if (state.runtime === 'docker') await stopDockerKafka(progress);
  if (state.runtime === 'java') await stopJavaNodes(state.nodes);
  // An `up` elsewhere (a second test run) may have recorded a new cluster meanwhile: keep that record.
  if (readState(options)?.startedAt === state.startedAt) fs.rmSync(stateFile(options));
  return state;
}

/** The cluster `up` started, if it is still running. */
export function kafkaStatus(options: ClusterSpecOptions = {}): KafkaCluster | undefined {
  const state = readState(options);
  return state && isRunning(state) ? state : undefined;
}

/** The Java cluster `up` started under these options, and one of its nodes. */
function javaClusterNode(nodeId: number, options: ClusterSpecOptions): { cluster: KafkaCluster; node: JavaNode } {
  const { name } = clusterSpec(options);
  const cluster = kafkaStatus(options);
  if (!cluster) throw new KafkaUnavailableError(`No cluster "${name}" is running: start it with \`up\` first.`);
  if (cluster.runtime !== 'java') {
    throw new KafkaUnavailableError(`Nodes can be stopped one by one only on a cluster run with Java; "${name}" runs on ${cluster.runtime}.`);
  }
  const node = cluster.nodes.find((candidate) => candidate.id === nodeId);
  if (!node) throw new RangeError(`cluster "${name}" has nodes ${cluster.nodes.map((candidate) => candidate.id).join(', ')}, not ${nodeId}`);
  return { cluster, node };
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
  const { cluster, node } = javaClusterNode(nodeId, options);
  if (isOurNode(node)) return node;
  const restarted = restartJavaNode(node);
  // Recorded before waiting, so `down` stops it even if it never becomes ready.
  writeState(options, { ...cluster, nodes: cluster.nodes.map((candidate) => (candidate.id === nodeId ? restarted : candidate)) });
  await waitForJavaNode(clusterSpec(options), restarted);
  return restarted;
}

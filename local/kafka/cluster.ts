import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { KAFKA_HOST, KAFKA_VERSION, LOCAL_TOPICS, replicationFactorFor } from '../config';
import { javaToolchainProblem } from '../java/toolchain';
import { bootstrapServers, clientPort, clusterSpec, nodeIds, type ClusterSpecOptions } from './cluster-spec';
import { DOCKER_KAFKA_BROKERS, dockerEngineAnswers, startDockerKafka, stopDockerKafka } from './docker-cluster';
import { isOurNode, startJavaCluster, stopJavaNodes, type JavaNode } from './java-cluster';
import { waitForBrokers, waitForGroupCoordinator } from './readiness';
import { ensureTopics } from './topics';

export type KafkaRuntime = 'external' | 'docker' | 'java';

/** What `up` started, kept in `.local/kafka/<name>/cluster.json` so `down` stops exactly that. */
export interface KafkaCluster {
  runtime: KafkaRuntime;
  kafkaVersion: string;
  brokers: number;
  bootstrapServers: string[];
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

function chooseRuntime(requested: UpOptions['runtime']): 'docker' | 'java' {
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

async function startCluster(options: UpOptions, progress: (line: string) => void): Promise<KafkaCluster> {
  const spec = clusterSpec(options);
  const runtime = chooseRuntime(options.runtime);
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
  for (const id of nodeIds(spec)) {
    const port = clientPort(spec, id);
    if (await portAnswers(port)) {
      throw new KafkaUnavailableError(
        `Port ${port} on ${KAFKA_HOST} is already in use by a process this project did not start. ` +
          `Stop it, or use that cluster with KAFKA_BROKERS=${KAFKA_HOST}:${port}.`,
      );
    }
  }
  const nodes = await startJavaCluster(spec, progress);
  return cluster('java', spec.brokers, bootstrapServers(spec), nodes);
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

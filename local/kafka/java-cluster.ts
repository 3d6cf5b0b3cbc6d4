import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { KAFKA_MUTUAL_TLS_PORT_OFFSET, KAFKA_SASL_SSL_PORT_OFFSET, KAFKA_SSL_PORT_OFFSET, KAFKA_VERSION, LOCAL_STATE_DIR, SCALA_VERSION } from '../config';
import type { ScramCredentials } from '../../shared/kafka-connection';
import { fetchMavenDependencies } from '../java/maven-artifacts';
import { lastLines, readyOrStop, reportWaiting, spawnJava, stopOurs, type JavaProcess, type OwnedProcess, type Progress } from '../launcher';
import { isAlive, run } from '../process';
import { brokerProperties } from './broker-properties';
import { bootstrapServers, nodeIds, scramPort, type ClusterSpec } from './cluster-spec';
import { createTlsMaterial, type TlsMaterial } from './tls-material';
import { waitForBrokers } from './readiness';

const POM = path.join(__dirname, 'pom.xml');
const LOG4J_CONFIG = path.join(__dirname, 'log4j2.properties');
/** Lean enough for three brokers on a 2-core laptop, roomy enough for 8 MiB messages. */
const JVM_OPTIONS = [
  '-Xms128m',
  '-Xmx512m',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];
const READY_TIMEOUT_MS = 90_000;
export const NODE_STOP_GRACE_MS = 20_000;

/** One broker's process; its config file, unique per node, tells it apart from others. */
export interface JavaNode extends JavaProcess {
  id: number;
  configPath: string;
}

function libsDir(kafkaVersion: string): string {
  return path.join(LOCAL_STATE_DIR, 'cache', `kafka_${SCALA_VERSION}-${kafkaVersion}`, 'libs');
}

function classpath(kafkaVersion: string): string {
  return `${libsDir(kafkaVersion)}${path.sep}*`;
}

/**
 * Data of a 1-broker and a 3-broker cluster live apart: their KRaft quorums differ. So do those of
 * a SCRAM cluster: its user is written when storage is first formatted, which a plain one skipped.
 */
function topologyDir(spec: ClusterSpec): string {
  // Storage formatted by one Kafka release may not start under an older one: other versions keep theirs apart.
  const version = spec.kafkaVersion === KAFKA_VERSION ? '' : `-kafka-${spec.kafkaVersion}`;
  return path.join(spec.stateDir, `${spec.brokers}-broker${spec.authListeners ? '-auth' : spec.scram ? '-scram' : ''}${version}`);
}

/** The certificate authority and certificates of the TLS listeners, made afresh at each start. */
export function tlsDir(spec: ClusterSpec): string {
  return path.join(topologyDir(spec), 'tls');
}

function nodeDir(spec: ClusterSpec, id: number): string {
  return path.join(topologyDir(spec), `node-${id}`);
}

/** A Kafka cluster id: 16 random bytes, base64url; one starting with '-' would read as a CLI flag. */
function newClusterId(): string {
  let id: string;
  do id = randomBytes(16).toString('base64url');
  while (id.startsWith('-'));
  return id;
}

function clusterIdFor(spec: ClusterSpec): string {
  const file = path.join(topologyDir(spec), 'cluster-id');
  if (!fs.existsSync(file)) {
    // Written whole under a name of its own, then linked into place only if no other `up` got there first: every node gets one id.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${randomUUID()}`;
    fs.writeFileSync(partial, newClusterId());
    try {
      fs.linkSync(partial, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(partial, { force: true });
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** Formats a node's storage once (`--ignore-formatted` makes it a no-op after); a SCRAM user is added then. */
async function formatStorage(classpath: string, configPath: string, clusterId: string, scram: ScramCredentials | undefined, mechanisms: string[]): Promise<void> {
  const addScram = scram ? mechanisms.flatMap((mechanism) => ['--add-scram', `${mechanism}=[name=${scram.username},password=${scram.password}]`]) : [];
  const result = await run('java', [
    ...JVM_OPTIONS,
    '-cp',
    classpath,
    `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`,
    'kafka.tools.StorageTool',
    'format',
    '--cluster-id',
    clusterId,
    '--config',
    configPath,
    '--ignore-formatted',
    ...addScram,
  ]);
  if (result.code !== 0) {
    const output = scram ? result.output.replaceAll(scram.password, '<password>') : result.output;
    throw new Error(`Formatting Kafka storage for ${configPath} failed:\n${output.trim()}`);
  }
}

function startNode(classpath: string, configPath: string, logPath: string): number {
  return spawnJava([...JVM_OPTIONS, '-cp', classpath, `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`, 'kafka.Kafka', configPath], logPath, configPath);
}

/** Names a node that died while the cluster was starting, with the end of its log. */
function exitedDuringStartup(nodes: JavaNode[]): string | undefined {
  const dead = nodes.find((node) => !isAlive(node.pid));
  return dead && `Kafka node ${dead.id} exited during startup; last lines of ${dead.logPath}:\n${lastLines(dead.logPath, 15)}`;
}

/** Fetches the jars (first run only), formats storage where needed and starts every node. */
export async function startJavaCluster(spec: ClusterSpec, progress: Progress): Promise<JavaNode[]> {
  progress(`Fetching Apache Kafka ${spec.kafkaVersion} jars with Maven (cached under ${libsDir(spec.kafkaVersion)})`);
  await fetchMavenDependencies(POM, libsDir(spec.kafkaVersion), progress, { 'kafka.version': spec.kafkaVersion });
  const clusterId = clusterIdFor(spec);
  let tls: TlsMaterial | undefined;
  if (spec.authListeners) {
    progress(`Making a certificate authority and certificates for the TLS listeners with openssl (${tlsDir(spec)})`);
    tls = await createTlsMaterial(tlsDir(spec));
  }

  const nodes = nodeIds(spec).map((id) => {
    const dir = nodeDir(spec, id);
    fs.mkdirSync(dir, { recursive: true });
    const configPath = path.join(dir, 'server.properties');
    fs.writeFileSync(configPath, brokerProperties(spec, id, path.join(dir, 'data'), tls));
    return { id, configPath, logPath: path.join(dir, 'kafka.log') };
  });

  progress(`Formatting KRaft storage for ${spec.brokers} node(s)`);
  await Promise.all(nodes.map((node) => formatStorage(classpath(spec.kafkaVersion), node.configPath, clusterId, spec.scram, spec.authListeners ? ['SCRAM-SHA-256', 'SCRAM-SHA-512'] : ['SCRAM-SHA-512'])));

  const scram = spec.authListeners
    ? ` (SASL_PLAINTEXT on ${bootstrapServers(spec, scramPort).join(',')}, SASL_SSL, SSL and mutual TLS ${KAFKA_SASL_SSL_PORT_OFFSET}, ${KAFKA_SSL_PORT_OFFSET} and ${KAFKA_MUTUAL_TLS_PORT_OFFSET} ports up)`
    : spec.scram
      ? ` (SCRAM-SHA-512 on ${bootstrapServers(spec, scramPort).join(',')})`
      : '';
  progress(`Starting ${spec.brokers} broker(s) on ${bootstrapServers(spec).join(',')}${scram}`);
  const started: JavaNode[] = nodes.map((node) => ({
    ...node,
    pid: startNode(classpath(spec.kafkaVersion), node.configPath, node.logPath),
  }));
  const ready = waitForBrokers(bootstrapServers(spec), spec.brokers, {
    timeoutMs: READY_TIMEOUT_MS,
    onWait: reportWaiting(progress, `${spec.brokers} broker(s)`),
    failFast: () => exitedDuringStartup(started),
  });
  await readyOrStop(ready, () => stopOurs(started.map(ownedProcess), NODE_STOP_GRACE_MS));
  return started;
}

/** A node as a process of ours: its config file is on its command line and no one else's. */
export function ownedProcess(node: JavaNode): OwnedProcess {
  return { pid: node.pid, marker: node.configPath };
}

/**
 * Takes one node of a running cluster down: SIGKILL as a crash would (no controlled shutdown, so
 * its partitions fail over only once the controller notices), SIGTERM for a controlled shutdown.
 */
export async function stopJavaNode(node: JavaNode, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  await stopOurs([ownedProcess(node)], NODE_STOP_GRACE_MS, signal === 'SIGKILL');
}

/** Starts a stopped node of a cluster again, on its own config and data; the jars are already fetched. */
export function restartJavaNode(node: JavaNode, kafkaVersion: string): JavaNode {
  return { ...node, pid: startNode(classpath(kafkaVersion), node.configPath, node.logPath) };
}

/** Resolves once the restarted `node` itself answers with metadata listing every broker of the cluster. */
export async function waitForJavaNode(spec: ClusterSpec, node: JavaNode): Promise<void> {
  await waitForBrokers([bootstrapServers(spec)[node.id - 1]!], spec.brokers, {
    timeoutMs: READY_TIMEOUT_MS,
    failFast: () => exitedDuringStartup([node]),
  });
}

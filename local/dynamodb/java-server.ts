import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DYNAMODB_LOCAL_HOST, DYNAMODB_LOCAL_LIBS_DIR, DYNAMODB_LOCAL_VERSION } from '../config';
import { fetchMavenDependencies } from '../java/maven-artifacts';
import { commandLineOf, isAlive, stopProcess } from '../process';
import { dataDir, endpointOf, logPath, type InstanceSpec } from './instance-spec';
import { waitForDynamoDB } from './readiness';

const POM = path.join(__dirname, 'pom.xml');
/** Run as a single source file: ServerRunner with its listener on DYNAMODB_LOCAL_HOST only. */
const LAUNCHER = path.join(__dirname, 'LoopbackServerRunner.java');
const JVM_OPTIONS = ['-Xms64m', '-Xmx256m', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** The Java process of one instance; its data folder, unique per instance, tells it apart from others. */
export interface JavaServer {
  pid: number;
  dataDir: string;
  logPath: string;
}

type Progress = (line: string) => void;

/** DynamoDB Local extracts the sqlite4java native for this machine from its jar into this folder. */
function nativeLibraryDir(spec: InstanceSpec): string {
  return path.join(spec.stateDir, 'native');
}

function javaArgs(spec: InstanceSpec): string[] {
  return [
    ...JVM_OPTIONS,
    `-Dlocal.dynamodb.host=${DYNAMODB_LOCAL_HOST}`,
    // Not /tmp, which may be mounted noexec; DynamoDB Local deletes its copy when it exits.
    `-Dorg.sqlite.tmpdir=${nativeLibraryDir(spec)}`,
    '-cp',
    path.join(DYNAMODB_LOCAL_LIBS_DIR, '*'),
    LAUNCHER,
    '-port',
    String(spec.port),
    '-sharedDb',
    '-dbPath',
    dataDir(spec),
    '-disableTelemetry',
  ];
}

function lastLines(file: string, count: number): string {
  if (!fs.existsSync(file)) return '(no log)';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}

function whyItExited(server: JavaServer): string {
  const tail = lastLines(server.logPath, 15);
  const jreOnly = tail.includes('jdk.compiler')
    ? '\nThe `java` on PATH is a JRE: the launcher runs as a source file, which needs a JDK (e.g. openjdk-17-jdk-headless).'
    : '';
  return `DynamoDB Local exited during startup; last lines of ${server.logPath}:\n${tail}${jreOnly}`;
}

/** Fetches the jars (first run only), starts the server detached and waits until it answers ListTables. */
export async function startJavaServer(spec: InstanceSpec, progress: Progress): Promise<JavaServer> {
  progress(`Fetching DynamoDB Local ${DYNAMODB_LOCAL_VERSION} jars with Maven (cached under ${DYNAMODB_LOCAL_LIBS_DIR})`);
  await fetchMavenDependencies(POM, DYNAMODB_LOCAL_LIBS_DIR, progress);
  fs.mkdirSync(dataDir(spec), { recursive: true });
  fs.mkdirSync(nativeLibraryDir(spec), { recursive: true });

  progress(`Starting DynamoDB Local on ${endpointOf(spec.port)} (data in ${dataDir(spec)})`);
  const log = fs.openSync(logPath(spec), 'a');
  const child = spawn('java', javaArgs(spec), { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error('java could not be started for DynamoDB Local');
  child.unref();

  const server: JavaServer = { pid: child.pid, dataDir: dataDir(spec), logPath: logPath(spec) };
  try {
    await waitForDynamoDB(endpointOf(spec.port), {
      timeoutMs: READY_TIMEOUT_MS,
      onWait: (elapsed) => progress(`  waiting for DynamoDB Local... ${Math.round(elapsed / 1000)}s`),
      failFast: () => (isAlive(server.pid) ? undefined : whyItExited(server)),
    });
  } catch (error) {
    await stopJavaServer(server);
    throw error;
  }
  return server;
}

/** True when `pid` is still the server we started on this data folder, not a reused pid. */
export function isOurServer(server: JavaServer): boolean {
  return isAlive(server.pid) && (commandLineOf(server.pid)?.includes(server.dataDir) ?? false);
}

export async function stopJavaServer(server: JavaServer): Promise<void> {
  if (isOurServer(server)) await stopProcess(server.pid, STOP_GRACE_MS);
}

import fs from 'node:fs';
import path from 'node:path';
import { DYNAMODB_LOCAL_HOST, DYNAMODB_LOCAL_LIBS_DIR, DYNAMODB_LOCAL_VERSION } from '../config';
import { fetchMavenDependencies } from '../java/maven-artifacts';
import { lastLines, readyOrStop, reportWaiting, spawnJava, stopOurs, type JavaProcess, type OwnedProcess, type Progress } from '../launcher';
import { isAlive } from '../process';
import { dataDir, endpointOf, logPath, type InstanceSpec } from './instance-spec';
import { waitForDynamoDB } from './readiness';

const POM = path.join(__dirname, 'pom.xml');
/** Run as a single source file: ServerRunner with its listener on DYNAMODB_LOCAL_HOST only. */
const LAUNCHER = path.join(__dirname, 'LoopbackServerRunner.java');
const JVM_OPTIONS = ['-Xms64m', '-Xmx256m', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];
const READY_TIMEOUT_MS = 60_000;
export const SERVER_STOP_GRACE_MS = 10_000;

/** The Java process of one instance; its data folder, unique per instance, tells it apart from others. */
export interface JavaServer extends JavaProcess {
  dataDir: string;
}

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
  const pid = spawnJava(javaArgs(spec), logPath(spec), 'DynamoDB Local');
  const server: JavaServer = { pid, dataDir: dataDir(spec), logPath: logPath(spec) };
  const ready = waitForDynamoDB(endpointOf(spec.port), {
    timeoutMs: READY_TIMEOUT_MS,
    onWait: reportWaiting(progress, 'DynamoDB Local'),
    failFast: () => (isAlive(server.pid) ? undefined : whyItExited(server)),
  });
  await readyOrStop(ready, () => stopJavaServer(server));
  return server;
}

/** The server as a process of ours: its data folder is on its command line and no one else's. */
export function ownedProcess(server: JavaServer): OwnedProcess {
  return { pid: server.pid, marker: server.dataDir };
}

export async function stopJavaServer(server: JavaServer): Promise<void> {
  await stopOurs([ownedProcess(server)], SERVER_STOP_GRACE_MS);
}

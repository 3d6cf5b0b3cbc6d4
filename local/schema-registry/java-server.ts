import fs from 'node:fs';
import path from 'node:path';
import { SCHEMA_REGISTRY_APP_DIR, SCHEMA_REGISTRY_HOST, SCHEMA_REGISTRY_VERSION } from '../config';
import { unpackMavenArtifact } from '../java/maven-artifacts';
import { lastLines, readyOrStop, reportWaiting, spawnJava, stopOurs, type JavaProcess, type OwnedProcess, type Progress } from '../launcher';
import { isAlive } from '../process';
import { logPath, registryUrlOf, type InstanceSpec } from './instance-spec';
import { waitForSchemaRegistry } from './readiness';

const ARTIFACT = `io.apicurio:apicurio-registry-app:${SCHEMA_REGISTRY_VERSION}:tar.gz:all`;
const RUNNER_JAR = path.join(SCHEMA_REGISTRY_APP_DIR, `apicurio-registry-app-${SCHEMA_REGISTRY_VERSION}-runner.jar`);
/** C1 only: the registry is ready in about 5 s instead of 10, and a local registry never gets hot. */
const JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];
const READY_TIMEOUT_MS = 90_000;
export const SERVER_STOP_GRACE_MS = 10_000;

/** The Java process of one instance; its state folder, unique per instance, tells it apart from others. */
export interface JavaServer extends JavaProcess {
  stateDir: string;
}

function javaArgs(spec: InstanceSpec): string[] {
  return [
    ...JVM_OPTIONS,
    `-Dquarkus.http.host=${SCHEMA_REGISTRY_HOST}`,
    `-Dquarkus.http.port=${spec.port}`,
    // Narayana (the transaction manager) otherwise opens a socket on every interface to make a process id.
    '-Dcom.arjuna.ats.arjuna.common.CoreEnvironmentBean.processImplementationClassName=com.arjuna.ats.internal.arjuna.utils.UuidProcessId',
    `-Dcom.arjuna.ats.arjuna.objectstore.objectStoreDir=${path.join(spec.stateDir, 'transactions')}`,
    `-Dlocal.registry.instance=${spec.stateDir}`,
    '-jar',
    RUNNER_JAR,
  ];
}

/** Fetches the distribution (first run only), starts the registry detached and waits until it lists its subjects. */
export async function startJavaServer(spec: InstanceSpec, progress: Progress): Promise<JavaServer> {
  await unpackMavenArtifact(ARTIFACT, SCHEMA_REGISTRY_APP_DIR, progress, `Fetching Apicurio Registry ${SCHEMA_REGISTRY_VERSION} (about 140 MB, first run only) with Maven into ${SCHEMA_REGISTRY_APP_DIR}`);
  fs.mkdirSync(spec.stateDir, { recursive: true });

  progress(`Starting Apicurio Registry (in-memory storage) on ${registryUrlOf(spec.port)}`);
  const pid = spawnJava(javaArgs(spec), logPath(spec), 'Apicurio Registry');
  const server: JavaServer = { pid, stateDir: spec.stateDir, logPath: logPath(spec) };
  const ready = waitForSchemaRegistry(registryUrlOf(spec.port), {
    timeoutMs: READY_TIMEOUT_MS,
    onWait: reportWaiting(progress, 'the schema registry'),
    failFast: () => (isAlive(server.pid) ? undefined : `Apicurio Registry exited during startup; last lines of ${server.logPath}:\n${lastLines(server.logPath, 15)}`),
  });
  await readyOrStop(ready, () => stopOurs([ownedProcess(server)], SERVER_STOP_GRACE_MS));
  return server;
}

/** The server as a process of ours: its state folder is on its command line and no one else's. */
export function ownedProcess(server: JavaServer): OwnedProcess {
  return { pid: server.pid, marker: `-Dlocal.registry.instance=${server.stateDir}` };
}

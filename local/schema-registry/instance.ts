import path from 'node:path';
import { SCHEMA_REGISTRY_HOST, SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_VERSION } from '../config';
import { chooseRuntime, composeRemove, composeUp, Launcher, readyOrStop, refuseTakenPorts, reportWaiting, type Launched, type Progress, type Runtime } from '../launcher';
import { DOCKER_SCHEMA_REGISTRY_SERVICE, instanceSpec, registryUrlOf, type InstanceSpecOptions } from './instance-spec';
import { ownedProcess, SERVER_STOP_GRACE_MS, startJavaServer, type JavaServer } from './java-server';
import { waitForSchemaRegistry } from './readiness';

/** What `up` started, kept in `.local/schema-registry/<name>/instance.json` so `down` stops exactly that. */
export interface SchemaRegistryInstance extends Launched {
  version: string;
  /** The Confluent-compatible API, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  url: string;
  /** The Java process, on the Java runtime only. */
  server?: JavaServer;
}

export interface UpOptions extends InstanceSpecOptions {
  /** Force a runtime instead of detecting one (tests pin `java` for registries on their own ports). */
  runtime?: 'docker' | 'java';
  /** Set false to start a registry of our own even when SCHEMA_REGISTRY_URL names one. */
  urlFromEnv?: boolean;
  progress?: Progress;
}

const DOCKER_READY_TIMEOUT_MS = 120_000;
const EXTERNAL_READY_TIMEOUT_MS = 15_000;

function instanceOf(runtime: Runtime, url: string, server?: JavaServer): SchemaRegistryInstance {
  return { runtime, version: SCHEMA_REGISTRY_VERSION, url, server, startedAt: new Date().toISOString() };
}

const registry = new Launcher<SchemaRegistryInstance, UpOptions>({
  statePath: (options) => path.join(instanceSpec(options).stateDir, 'instance.json'),

  async external(options, progress) {
    const url = options.urlFromEnv === false ? undefined : process.env.SCHEMA_REGISTRY_URL;
    if (!url) return undefined;
    progress(`SCHEMA_REGISTRY_URL is set: using ${url}, starting nothing`);
    await waitForSchemaRegistry(url, { timeoutMs: EXTERNAL_READY_TIMEOUT_MS });
    return instanceOf('external', url);
  },

  async start(options, progress) {
    const spec = instanceSpec(options);
    const runtime = chooseRuntime(options.runtime, {
      service: 'the schema registry',
      java: 'Java 17+',
      instead: 'point SCHEMA_REGISTRY_URL at a running Confluent-compatible registry (e.g. SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7)',
    });
    if (runtime === 'docker') {
      if (spec.port !== SCHEMA_REGISTRY_PORT) progress(`Docker Compose publishes the schema registry on port ${SCHEMA_REGISTRY_PORT}`);
      progress('Starting Apicurio Registry with Docker Compose');
      await composeUp([DOCKER_SCHEMA_REGISTRY_SERVICE], progress);
      const url = registryUrlOf(SCHEMA_REGISTRY_PORT);
      const ready = waitForSchemaRegistry(url, { timeoutMs: DOCKER_READY_TIMEOUT_MS, onWait: reportWaiting(progress, 'the schema registry') });
      await readyOrStop(ready, () => composeRemove([DOCKER_SCHEMA_REGISTRY_SERVICE], progress));
      return instanceOf('docker', url);
    }
    await refuseTakenPorts(SCHEMA_REGISTRY_HOST, [spec.port], (port) => `if it is a schema registry, use it with SCHEMA_REGISTRY_URL=${registryUrlOf(port)}`);
    return instanceOf('java', registryUrlOf(spec.port), await startJavaServer(spec, progress));
  },

  composeServices: [DOCKER_SCHEMA_REGISTRY_SERVICE],
  javaProcesses: (state) => (state.server ? [ownedProcess(state.server)] : []),
  stopGraceMs: SERVER_STOP_GRACE_MS,
});

/**
 * Yields a running Confluent-compatible registry: the one in SCHEMA_REGISTRY_URL, the one a
 * previous `up` left running, or a new Apicurio Registry (Docker Compose when an engine answers, else Java).
 */
export function schemaRegistryUp(options: UpOptions = {}): Promise<{ state: SchemaRegistryInstance; startedHere: boolean }> {
  return registry.up(options, options.progress ?? (() => undefined));
}

/** Stops what `up` started for this instance name, and nothing else; schemas are in memory and go with it. */
export function schemaRegistryDown(options: UpOptions = {}): Promise<SchemaRegistryInstance | undefined> {
  return registry.down(options, options.progress ?? (() => undefined));
}

/** The registry `up` started, if it is still running. */
export function schemaRegistryStatus(options: InstanceSpecOptions = {}): SchemaRegistryInstance | undefined {
  return registry.status(options);
}

import fs from 'node:fs';
import path from 'node:path';
import { DYNAMODB_LOCAL_HOST, DYNAMODB_LOCAL_PORT, DYNAMODB_LOCAL_VERSION, LOCAL_STAGE } from '../config';
import { dockerEngineAnswers } from '../kafka/docker-cluster';
import { javaToolchainProblem } from '../java/toolchain';
import { localDynamoDBClient } from './client';
import { startDockerDynamoDB, stopDockerDynamoDB } from './docker-server';
import { endpointOf, instanceSpec, type InstanceSpec, type InstanceSpecOptions } from './instance-spec';
import { isOurServer, startJavaServer, stopJavaServer, type JavaServer } from './java-server';
import { waitForDynamoDB } from './readiness';
import { serverlessResources } from './serverless-resources';
import { createTableInputs } from './table-definitions';
import { ensureTables } from './tables';
import { portIsFree } from '../ports';

export type DynamoDBRuntime = 'external' | 'docker' | 'java';

/** What `up` started, kept in `.local/dynamodb/<name>/instance.json` so `down` stops exactly that. */
export interface DynamoDBInstance {
  runtime: DynamoDBRuntime;
  version: string;
  endpoint: string;
  /** The Java process, on the Java runtime only. */
  server?: JavaServer;
  startedAt: string;
}

export interface UpOptions extends InstanceSpecOptions {
  /** Force a runtime instead of detecting one (tests pin `java` for instances on their own ports). */
  runtime?: 'docker' | 'java';
  /** Set false to start an instance of our own even when DYNAMODB_ENDPOINT names one. */
  endpointFromEnv?: boolean;
  progress?: (line: string) => void;
}

export interface UpResult {
  instance: DynamoDBInstance;
  /** False when `up` found the instance already running (or external) and started nothing. */
  startedHere: boolean;
  /** Every table of serverless.yml, all of which now exist. */
  tables: string[];
  createdTables: string[];
}

export class DynamoDBUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DynamoDBUnavailableError';
  }
}

const DOCKER_READY_TIMEOUT_MS = 120_000;
const EXTERNAL_READY_TIMEOUT_MS = 15_000;

function stateFile(spec: InstanceSpec): string {
  return path.join(spec.stateDir, 'instance.json');
}

function readState(spec: InstanceSpec): DynamoDBInstance | undefined {
  const file = stateFile(spec);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DynamoDBInstance) : undefined;
}

function writeState(spec: InstanceSpec, instance: DynamoDBInstance): void {
  fs.mkdirSync(spec.stateDir, { recursive: true });
  fs.writeFileSync(stateFile(spec), `${JSON.stringify(instance, null, 2)}\n`);
}

function isRunning(instance: DynamoDBInstance): boolean {
  return instance.server === undefined || isOurServer(instance.server);
}

function instanceOf(runtime: DynamoDBRuntime, endpoint: string, server?: JavaServer): DynamoDBInstance {
  return { runtime, version: DYNAMODB_LOCAL_VERSION, endpoint, server, startedAt: new Date().toISOString() };
}

function chooseRuntime(requested: UpOptions['runtime']): 'docker' | 'java' {
  if (requested) return requested;
  if (dockerEngineAnswers()) return 'docker';
  const javaProblem = javaToolchainProblem();
  if (!javaProblem) return 'java';
  throw new DynamoDBUnavailableError(
    [
      `Cannot start DynamoDB Local: no Docker engine answers and ${javaProblem}.`,
      'Install one of:',
      '  - Docker (Docker Desktop, or Docker Engine with the compose plugin), or',
      '  - a Java 17+ JDK and Apache Maven (e.g. `apt-get install openjdk-17-jdk-headless maven`, `brew install openjdk@17 maven`),',
      'or point DYNAMODB_ENDPOINT at a running DynamoDB Local (e.g. DYNAMODB_ENDPOINT=http://127.0.0.1:8000).',
    ].join('\n'),
  );
}

async function startInstance(spec: InstanceSpec, options: UpOptions, progress: (line: string) => void): Promise<DynamoDBInstance> {
  const runtime = chooseRuntime(options.runtime);
  if (runtime === 'docker') {
    if (spec.port !== DYNAMODB_LOCAL_PORT) progress(`Docker Compose publishes DynamoDB Local on port ${DYNAMODB_LOCAL_PORT}`);
    progress('Starting DynamoDB Local with Docker Compose');
    await startDockerDynamoDB(progress);
    const endpoint = endpointOf(DYNAMODB_LOCAL_PORT);
    try {
      await waitForDynamoDB(endpoint, {
        timeoutMs: DOCKER_READY_TIMEOUT_MS,
        onWait: (elapsed) => progress(`  waiting for DynamoDB Local... ${Math.round(elapsed / 1000)}s`),
      });
    } catch (error) {
      await stopDockerDynamoDB(progress);
      throw error;
    }
    return instanceOf('docker', endpoint);
  }
  if (!(await portIsFree(spec.port, DYNAMODB_LOCAL_HOST))) {
    throw new DynamoDBUnavailableError(
      `Port ${spec.port} on ${DYNAMODB_LOCAL_HOST} is already in use by a process this project did not start. ` +
        `Stop it, or if it is a DynamoDB Local, use it with DYNAMODB_ENDPOINT=${endpointOf(spec.port)}.`,
    );
  }
  const server = await startJavaServer(spec, progress);
  return instanceOf('java', endpointOf(spec.port), server);
}

async function instanceToReuse(
  spec: InstanceSpec,
  options: UpOptions,
  progress: (line: string) => void,
): Promise<DynamoDBInstance | undefined> {
  const endpointEnv = options.endpointFromEnv === false ? undefined : process.env.DYNAMODB_ENDPOINT;
  if (endpointEnv) {
    progress(`DYNAMODB_ENDPOINT is set: using ${endpointEnv}, starting nothing`);
    await waitForDynamoDB(endpointEnv, { timeoutMs: EXTERNAL_READY_TIMEOUT_MS });
    return instanceOf('external', endpointEnv);
  }
  const previous = readState(spec);
  return previous && isRunning(previous) ? previous : undefined;
}

/**
 * Yields a running DynamoDB Local with every table of serverless.yml: the one in DYNAMODB_ENDPOINT,
 * the one a previous `up` left running, or a new one (Docker Compose when an engine answers, else Java).
 */
export async function dynamodbUp(options: UpOptions = {}): Promise<UpResult> {
  const progress = options.progress ?? (() => undefined);
  const spec = instanceSpec(options);
  progress(`Reading the tables of serverless.yml (stage ${LOCAL_STAGE})`);
  // First, so a serverless.yml that does not resolve leaves nothing running.
  const tables = createTableInputs(await serverlessResources(LOCAL_STAGE));

  const found = await instanceToReuse(spec, options, progress);
  const startedHere = found === undefined;
  const running = found ?? (await startInstance(spec, options, progress));
  if (startedHere) writeState(spec, running);

  const client = localDynamoDBClient(running.endpoint);
  try {
    const createdTables = await ensureTables(client, tables);
    for (const table of createdTables) progress(`Created table ${table}`);
    return { instance: running, startedHere, tables: tables.map((table) => table.TableName), createdTables };
  } finally {
    client.destroy();
  }
}

/** Stops what `up` started for this instance name, and nothing else; the data stays. */
export async function dynamodbDown(options: UpOptions = {}): Promise<DynamoDBInstance | undefined> {
  const progress = options.progress ?? (() => undefined);
  const spec = instanceSpec(options);
  const state = readState(spec);
  if (!state) return undefined;
  if (state.runtime === 'docker') await stopDockerDynamoDB(progress);
  if (state.server) await stopJavaServer(state.server);
  // An `up` elsewhere (a second test run) may have recorded a new instance meanwhile: keep that record.
  if (readState(spec)?.startedAt === state.startedAt) fs.rmSync(stateFile(spec));
  return state;
}

/** The instance `up` started, if it is still running. */
export function dynamodbStatus(options: InstanceSpecOptions = {}): DynamoDBInstance | undefined {
  const state = readState(instanceSpec(options));
  return state && isRunning(state) ? state : undefined;
}

import path from 'node:path';
import { DYNAMODB_LOCAL_HOST, DYNAMODB_LOCAL_PORT, DYNAMODB_LOCAL_VERSION, LOCAL_STAGE } from '../config';
import { chooseRuntime, composeRemove, composeUp, Launcher, readyOrStop, refuseTakenPorts, reportWaiting, type Launched, type Progress, type Runtime } from '../launcher';
import { localDynamoDBClient } from './client';
import { DOCKER_DYNAMODB_SERVICE, endpointOf, instanceSpec, type InstanceSpec, type InstanceSpecOptions } from './instance-spec';
import { ownedProcess, SERVER_STOP_GRACE_MS, startJavaServer, type JavaServer } from './java-server';
import { waitForDynamoDB } from './readiness';
import { serverlessResources } from './serverless-resources';
import { createTableInputs } from './table-definitions';
import { ensureTables } from './tables';

/** What `up` started, kept in `.local/dynamodb/<name>/instance.json` so `down` stops exactly that. */
export interface DynamoDBInstance extends Launched {
  version: string;
  endpoint: string;
  /** The Java process, on the Java runtime only. */
  server?: JavaServer;
}

export interface UpOptions extends InstanceSpecOptions {
  /** Force a runtime instead of detecting one (tests pin `java` for instances on their own ports). */
  runtime?: 'docker' | 'java';
  /** Set false to start an instance of our own even when DYNAMODB_ENDPOINT names one. */
  endpointFromEnv?: boolean;
  progress?: Progress;
}

export interface UpResult {
  instance: DynamoDBInstance;
  /** False when `up` found the instance already running (or external) and started nothing. */
  startedHere: boolean;
  /** Every table of serverless.yml, all of which now exist. */
  tables: string[];
  createdTables: string[];
}

const DOCKER_READY_TIMEOUT_MS = 120_000;
const EXTERNAL_READY_TIMEOUT_MS = 15_000;

function instanceOf(runtime: Runtime, endpoint: string, server?: JavaServer): DynamoDBInstance {
  return { runtime, version: DYNAMODB_LOCAL_VERSION, endpoint, server, startedAt: new Date().toISOString() };
}

async function startDocker(spec: InstanceSpec, progress: Progress): Promise<DynamoDBInstance> {
  if (spec.port !== DYNAMODB_LOCAL_PORT) progress(`Docker Compose publishes DynamoDB Local on port ${DYNAMODB_LOCAL_PORT}`);
  progress('Starting DynamoDB Local with Docker Compose');
  await composeUp([DOCKER_DYNAMODB_SERVICE], progress);
  const endpoint = endpointOf(DYNAMODB_LOCAL_PORT);
  const ready = waitForDynamoDB(endpoint, { timeoutMs: DOCKER_READY_TIMEOUT_MS, onWait: reportWaiting(progress, 'DynamoDB Local') });
  await readyOrStop(ready, () => composeRemove([DOCKER_DYNAMODB_SERVICE], progress));
  return instanceOf('docker', endpoint);
}

async function startJava(spec: InstanceSpec, progress: Progress): Promise<DynamoDBInstance> {
  await refuseTakenPorts(DYNAMODB_LOCAL_HOST, [spec.port], (port) => `if it is a DynamoDB Local, use it with DYNAMODB_ENDPOINT=${endpointOf(port)}`);
  const server = await startJavaServer(spec, progress);
  return instanceOf('java', endpointOf(spec.port), server);
}

const dynamodb = new Launcher<DynamoDBInstance, UpOptions>({
  statePath: (options) => path.join(instanceSpec(options).stateDir, 'instance.json'),

  async external(options, progress) {
    const endpointEnv = options.endpointFromEnv === false ? undefined : process.env.DYNAMODB_ENDPOINT;
    if (!endpointEnv) return undefined;
    progress(`DYNAMODB_ENDPOINT is set: using ${endpointEnv}, starting nothing`);
    await waitForDynamoDB(endpointEnv, { timeoutMs: EXTERNAL_READY_TIMEOUT_MS });
    return instanceOf('external', endpointEnv);
  },

  start(options, progress) {
    const spec = instanceSpec(options);
    const runtime = chooseRuntime(options.runtime, {
      service: 'DynamoDB Local',
      java: 'a Java 17+ JDK',
      instead: 'point DYNAMODB_ENDPOINT at a running DynamoDB Local (e.g. DYNAMODB_ENDPOINT=http://127.0.0.1:8000)',
    });
    return runtime === 'docker' ? startDocker(spec, progress) : startJava(spec, progress);
  },

  composeServices: [DOCKER_DYNAMODB_SERVICE],
  javaProcesses: (state) => (state.server ? [ownedProcess(state.server)] : []),
  stopGraceMs: SERVER_STOP_GRACE_MS,
});

/**
 * Yields a running DynamoDB Local with every table of serverless.yml: the one in DYNAMODB_ENDPOINT,
 * the one a previous `up` left running, or a new one (Docker Compose when an engine answers, else Java).
 */
export async function dynamodbUp(options: UpOptions = {}): Promise<UpResult> {
  const progress = options.progress ?? (() => undefined);
  progress(`Reading the tables of serverless.yml (stage ${LOCAL_STAGE})`);
  // First, so a serverless.yml that does not resolve leaves nothing running.
  const tables = createTableInputs(await serverlessResources(LOCAL_STAGE));

  const { state: running, startedHere } = await dynamodb.up(options, progress);
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
export function dynamodbDown(options: UpOptions = {}): Promise<DynamoDBInstance | undefined> {
  return dynamodb.down(options, options.progress ?? (() => undefined));
}

/** The instance `up` started, if it is still running. */
export function dynamodbStatus(options: InstanceSpecOptions = {}): DynamoDBInstance | undefined {
  return dynamodb.status(options);
}

import path from 'node:path';
import { PROJECT_ROOT } from './config';
import { dynamodbDown, dynamodbUp } from './dynamodb/instance';
import { kafkaDown, kafkaUp } from './kafka/cluster';
import { OFFLINE_HTTP_PORT, OFFLINE_LAMBDA_PORT, startOffline, type OfflineServer } from './offline-server';
import { DEFAULT_STATUS_PORT } from './poller/index';
import { FORCE_HINT, hangUpWhenOrphaned, onShutdownSignals } from './cli';
import { takenPorts } from './ports';
import { schemaRegistryDown, schemaRegistryUpIfNamed } from './schema-registry';
import { run } from './process';

/** dist/ as `npm install` builds it, from the source as it is now (a quarter of a second). */
async function buildPollerPlugin(): Promise<void> {
  const build = await run(process.execPath, [path.join(PROJECT_ROOT, 'local/poller/build.mjs')]);
  if (build.code !== 0) throw new Error(`building local/poller failed:\n${build.output}`);
}

const progress = (line: string): void => console.log(`[start] ${line}`);

/**
 * `npm start`: Kafka, DynamoDB Local (with serverless.yml's table), and `serverless offline` with
 * the poller that feeds the MSK function (serverless-offline-kafka, a plugin inside it); one "ready" line; on Ctrl-C, SIGTERM or SIGHUP (or its
 * parent gone) everything this run started is stopped again, and what was already running is
 * left as it was.
 */
async function main(): Promise<void> {
  const stops: (() => Promise<unknown>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((error: Error) => progress(`while stopping: ${error.message}`));
  };
  let offline: OfflineServer | undefined;
  let exitCode = 0;
  onShutdownSignals({
    stop: (signal) => {
      progress(`${signal}: stopping what this run started (the poller finishes its invocations in flight first; ${FORCE_HINT})`);
      void stopAll().then(() => {
        progress('stopped');
        process.exit(exitCode);
      });
    },
    force: (signal) => {
      progress(`${signal} again: forced stop, serverless offline killed (batches in flight are delivered again at the next start)`);
      exitCode = 130;
      offline?.kill();
    },
  });
  hangUpWhenOrphaned();

  try {
    // Checked before anything starts, so a second `npm start` says why instead of half-starting.
    const taken = await takenPorts([OFFLINE_HTTP_PORT, OFFLINE_LAMBDA_PORT, DEFAULT_STATUS_PORT]);
    if (taken.length > 0) {
      throw new Error(
        `port ${taken.join(', ')} on 127.0.0.1 is in use (is another \`npm start\` running?). npm start needs ` +
          `${OFFLINE_HTTP_PORT} (HTTP), ${OFFLINE_LAMBDA_PORT} (Lambda API) and ${DEFAULT_STATUS_PORT} (poller status).`,
      );
    }
    const [kafka, dynamodb, registry] = await Promise.all([
      kafkaUp({ progress: (line) => progress(`kafka: ${line}`) }),
      dynamodbUp({ progress: (line) => progress(`dynamodb: ${line}`) }),
      schemaRegistryUpIfNamed((line) => progress(`schema-registry: ${line}`)),
    ]);
    if (kafka.startedHere) stops.push(() => kafkaDown({ progress }));
    if (dynamodb.startedHere) stops.push(() => dynamodbDown({ progress }));
    if (registry?.startedHere) stops.push(() => schemaRegistryDown({ progress }));

    const brokers = kafka.cluster.bootstrapServers;
    const env = { ...process.env, KAFKA_BROKERS: brokers.join(','), DYNAMODB_ENDPOINT: dynamodb.instance.endpoint };
    Object.assign(process.env, { KAFKA_BROKERS: env.KAFKA_BROKERS, DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT });

    progress('building serverless-offline-kafka (local/poller)');
    await buildPollerPlugin();
    progress('starting serverless offline with the poller (bundling the functions with esbuild)');
    // The poller runs inside offline, as serverless-offline-kafka; its `status server` line says it is polling, and where.
    let statusPort = DEFAULT_STATUS_PORT;
    const pollerReady = (line: string): boolean => {
      const match = /"message":"status server".*"port":(\d+)/.exec(line);
      if (match) statusPort = Number(match[1]);
      return match !== null;
    };
    offline = await startOffline(env, (line) => console.log(`[offline] ${line}`), { poll: true, readyLine: pollerReady });
    const started = offline;
    stops.push(() => started.stop());

    progress(
      `ready: POST ${offline.url}/api/v1/messages, GET ${offline.url}/api/v1/notifications, ` +
        `Lambda API http://127.0.0.1:${OFFLINE_LAMBDA_PORT}, poller console http://127.0.0.1:${statusPort}/ (status /status, metrics /metrics), ` +
        `Kafka ${brokers.join(',')}, DynamoDB ${dynamodb.instance.endpoint} ${registry ? `, schema registry ${registry.state.url}` : ''} (Ctrl-C stops it all)`,
    );
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await stopAll();
    process.exit(1);
  }
}

void main();

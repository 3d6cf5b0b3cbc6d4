/**
 * Child process: the local poller (local/poller) driven programmatically, with settings built
 * here rather than read from serverless.yml, so the batching window can be a true 0 (in a
 * Serverless `msk` event, 0 means AWS's 500 ms default). Counts the records its handler
 * returned from, as the poller's `invoked` events report them.
 */
import { Kafka, logLevel } from 'kafkajs';
import { resolveEsmSettings, type EsmSettings, Poller, type PollerLog, kafkaLogCreator } from '../../local/poller/index';
import { runCli } from '../../local/cli';
import type { SchemaRegistryConfig } from '../../local/poller/settings/schema-registry-config';
import { ConsumerRun, specFromArgv, type ConsumerSpec } from './consumer-run';

export interface PollerConsumerSpec extends ConsumerSpec {
  batchSize: number;
  batchingWindowMs: number;
  /** The handler module (exporting `handler`), run in the poller's worker threads. */
  handlerFile: string;
  environment: Record<string, string>;
  /** Decode records through this registry first (the Avro scenario). */
  schemaRegistry?: SchemaRegistryConfig;
}

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/bench/00000000-0000-0000-0000-000000000000-1';

function benchSettings(spec: PollerConsumerSpec): EsmSettings {
  const settings = resolveEsmSettings({
    service: 'bench',
    stage: 'bench',
    functionName: 'bench',
    source: 'msk',
    event: { arn: CLUSTER_ARN, topic: spec.topic, batchSize: spec.batchSize, startingPosition: spec.startingPosition, consumerGroupId: spec.groupId },
  });
  return { ...settings, batchingWindowMs: spec.batchingWindowMs, ...(spec.schemaRegistry && { schemaRegistry: spec.schemaRegistry }) };
}

async function main(): Promise<number> {
  const spec = specFromArgv<PollerConsumerSpec>();
  const run = new ConsumerRun(spec.expectRecords);
  const log: PollerLog = {
    info: () => undefined,
    warn: (message, fields) => console.error(JSON.stringify({ message, ...fields })),
    error: (message, fields) => console.error(JSON.stringify({ message, ...fields })),
  };
  const kafka = new Kafka({ clientId: 'bench-poller', brokers: spec.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(log) });
  const settings = benchSettings(spec);
  const poller = new Poller({
    kafka,
    settings,
    groupId: settings.consumerGroupId,
    bootstrapServers: spec.brokers.join(','),
    log,
    fn: { name: 'bench', handlerFile: spec.handlerFile, exportName: 'handler', environment: spec.environment, timeoutSeconds: 60, memorySize: 1024, region: 'us-east-1' },
  });
  poller.events.on('invoked', (invocation) => {
    if (invocation.outcome.status === 'success') run.consumed(invocation.records);
    else console.error(JSON.stringify({ message: 'invocation', ...invocation }));
  });
  await poller.start();
  run.started();
  await run.finished;
  await poller.stop();
  run.report();
  return 0;
}

runCli('bench', main);

/**
 * Child process: `pollers` Queue-mode pollers (local/poller/queue) of one mapping, each its own
 * share group member with its own connections and function worker, in this one process. Counts
 * the records their handler returned from, as the pollers' invocation logs report them.
 */
import { Kafka, logLevel } from 'kafkajs';
import { QueuePoller, resolveEsmSettings, type PollerLog, kafkaLogCreator } from '../../local/poller/index';
import { runCli } from '../../local/cli';
import { ConsumerRun, specFromArgv, type ConsumerSpec } from './consumer-run';

export interface QueueConsumerSpec extends ConsumerSpec {
  pollers: number;
  batchSize: number;
  /** The handler module (exporting `handler`), run in each poller's worker thread. */
  handlerFile: string;
}

async function main(): Promise<number> {
  const spec = specFromArgv<QueueConsumerSpec>();
  const run = new ConsumerRun(spec.expectRecords);
  const log: PollerLog = {
    info: (message, fields) => {
      if (message !== 'invocation') return;
      if (fields.outcome === 'success') run.consumed(Number(fields.records));
      else console.error(JSON.stringify({ message, ...fields }));
    },
    warn: (message, fields) => console.error(JSON.stringify({ message, ...fields })),
    error: (message, fields) => console.error(JSON.stringify({ message, ...fields })),
  };
  const settings = resolveEsmSettings({
    service: 'bench',
    stage: 'bench',
    functionName: 'bench',
    source: 'kafka',
    event: { bootstrapServers: spec.brokers, topic: spec.topic, batchSize: spec.batchSize, consumerGroupId: spec.groupId, accessConfigurations: { saslScram512Auth: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench' } },
    extraSettings: { consumptionMode: 'Queue' },
  });
  const pollers = Array.from({ length: spec.pollers }, () => {
    const kafka = new Kafka({ clientId: 'bench-queue-poller', brokers: spec.brokers, logLevel: logLevel.WARN, logCreator: kafkaLogCreator(log) });
    return new QueuePoller({
      kafka,
      settings,
      groupId: settings.consumerGroupId,
      bootstrapServers: spec.brokers.join(','),
      log,
      link: { brokers: spec.brokers, clientId: 'bench-queue-poller' },
      fn: { name: 'bench', handlerFile: spec.handlerFile, exportName: 'handler', environment: {}, timeoutSeconds: 60, memorySize: 1024, region: 'us-east-1' },
    });
  });
  await Promise.all(pollers.map((poller) => poller.start()));
  run.started();
  await run.finished;
  await Promise.all(pollers.map((poller) => poller.stop()));
  run.report();
  return 0;
}

runCli('bench', main);

/**
 * Child process: the baseline of the throughput scenario, a plain kafkajs `eachBatch` consumer
 * that touches every record and does nothing else. Its fetch settings are the poller's
 * (local/poller/poller.ts), so the two differ only in what the poller does per batch.
 */
import { Kafka, logLevel } from 'kafkajs';
import { registerKafkaCodecs } from '../../local/poller/index';
import { runCli } from '../../local/cli';
import { ConsumerRun, specFromArgv, type ConsumerSpec } from './consumer-run';

async function main(): Promise<number> {
  const spec = specFromArgv<ConsumerSpec>();
  const run = new ConsumerRun(spec.expectRecords);
  registerKafkaCodecs();
  const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: spec.brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: spec.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 8 * 1024 * 1024, maxWaitTimeInMs: 100, sessionTimeout: 10_000 });
  await consumer.connect();
  await consumer.subscribe({ topic: spec.topic, fromBeginning: spec.startingPosition === 'TRIM_HORIZON' });
  let bytes = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) bytes += message.value?.length ?? 0;
      run.consumed(batch.messages.length);
    },
  });
  run.started();
  await run.finished;
  await consumer.disconnect();
  if (bytes === 0 && spec.expectRecords) throw new Error('read no bytes');
  run.report();
  return 0;
}

runCli('bench', main);

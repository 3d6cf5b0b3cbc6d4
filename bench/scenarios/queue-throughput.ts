import path from 'node:path';
import { Partitioners } from 'kafkajs';
import { setGroupConfigs } from '../../local/poller/index';
import { BenchChild } from '../child-process';
import type { ConsumerResult, ConsumerSpec } from '../consumers/consumer-run';
import { consume, noopPollerSpec, recordsPerSecond as rate } from '../consumers/consume';
import type { QueueConsumerSpec } from '../consumers/queue-consumer';
import type { BenchContext } from '../context';
import { fillTopic } from '../bench-topics';

const BATCH_SIZE = 100;
/** The slow function's runs: small batches of a 20 ms function, where invocations side by side pay. */
const SLOW = { batchSize: 10, records: 2_000, handlerFile: path.join(__dirname, '..', 'handlers', 'sleep-20ms.ts') };
const CHILD_TIMEOUT_MS = 300_000;
const NOOP_HANDLER = path.join(__dirname, '..', 'handlers', 'noop.ts');

async function consumeQueue(spec: QueueConsumerSpec): Promise<ConsumerResult> {
  const child = new BenchChild(path.join(__dirname, '..', 'consumers', 'queue-consumer.ts'), spec, CHILD_TIMEOUT_MS);
  try {
    const result = await child.message<ConsumerResult>('result');
    await child.finished();
    return result;
  } finally {
    await child.stop();
  }
}

/**
 * Queue mode (ConsumptionMode: Queue): records per second from one partition (1 KiB JSON values)
 * through 1 and through 3 share-group pollers of one mapping, beside a Stream-mode poller
 * (consumer group, window 0) on the same records: to a no-op function at batch size 100 (the
 * pollers' own cost), then to a 20 ms function at batch size 10 (what sharing a partition buys).
 * Each run reads the records from the beginning in a fresh group.
 */
export async function queueThroughput(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, topics, progress } = context;
  const records = Math.max(5_000, Math.round(plan.throughputRecords / 10));
  const topic = await topics.create('bench-queue', 1);
  progress(`queue: writing ${records.toLocaleString('en')} records of 1 KiB to ${topic} (1 partition)`);
  const producer = context.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await fillTopic(producer, topic, records, 1);
  } finally {
    await producer.disconnect();
  }
  const consumerSpec = (prefix: string): ConsumerSpec => ({ brokers, topic, groupId: topics.group(prefix), startingPosition: 'TRIM_HORIZON', expectRecords: records });
  const queueSpec = async (pollers: number, batchSize = BATCH_SIZE, handlerFile = NOOP_HANDLER, expectRecords = records): Promise<QueueConsumerSpec> => {
    const base = { ...consumerSpec(`bench-queue-${pollers}`), expectRecords };
    // A new share group starts at the latest offset by default: this one reads the records written.
    await setGroupConfigs(brokers, base.groupId, { 'share.auto.offset.reset': 'earliest' });
    return { ...base, pollers, batchSize, handlerFile };
  };
  const slowStreamSpec = { ...noopPollerSpec({ ...consumerSpec('bench-stream-slow'), expectRecords: SLOW.records }, SLOW.batchSize), handlerFile: SLOW.handlerFile };

  for (let run = 1; run <= plan.runs; run += 1) {
    const stream = await consume('poller-consumer.ts', noopPollerSpec(consumerSpec('bench-stream-1p'), BATCH_SIZE));
    const queue1 = await consumeQueue(await queueSpec(1));
    const queue3 = await consumeQueue(await queueSpec(3));
    figures.add('stream_rps_1_partition', rate(stream));
    figures.add('queue_rps_1_poller', rate(queue1));
    figures.add('queue_rps_3_pollers', rate(queue3));
    figures.addRatio('queue_3_vs_1_pollers', rate(queue3), rate(queue1));
    figures.addRatio('queue_1_poller_vs_stream', rate(queue1), rate(stream));
    figures.add('queue_rss_mb_3_pollers', queue3.rssMedianMb);
    progress(
      `queue run ${run}/${plan.runs} (1 partition, batch ${BATCH_SIZE}, no-op): Stream ${Math.round(rate(stream))}/s, ` +
        `Queue 1 poller ${Math.round(rate(queue1))}/s, 3 pollers ${Math.round(rate(queue3))}/s`,
    );

    const slowStream = await consume('poller-consumer.ts', slowStreamSpec);
    const slow1 = await consumeQueue(await queueSpec(1, SLOW.batchSize, SLOW.handlerFile, SLOW.records));
    const slow3 = await consumeQueue(await queueSpec(3, SLOW.batchSize, SLOW.handlerFile, SLOW.records));
    figures.add('stream_slow_rps_1_partition', rate(slowStream));
    figures.add('queue_slow_rps_1_poller', rate(slow1));
    figures.add('queue_slow_rps_3_pollers', rate(slow3));
    figures.addRatio('queue_slow_3_vs_1_pollers', rate(slow3), rate(slow1));
    progress(
      `queue run ${run}/${plan.runs} (1 partition, batch ${SLOW.batchSize}, 20 ms function): Stream ${Math.round(rate(slowStream))}/s, ` +
        `Queue 1 poller ${Math.round(rate(slow1))}/s, 3 pollers ${Math.round(rate(slow3))}/s`,
    );
  }
}

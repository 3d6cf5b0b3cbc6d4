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
 * to a no-op handler, batch size 100, through 1 and through 3 share-group pollers of one mapping,
 * beside a Stream-mode poller (consumer group, batch 100, window 0) on the same records. Each run
 * reads them all from the beginning in a fresh group.
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
  const queueSpec = async (pollers: number): Promise<QueueConsumerSpec> => {
    const base = consumerSpec(`bench-queue-${pollers}`);
    // A new share group starts at the latest offset by default: this one reads the records written.
    await setGroupConfigs(brokers, base.groupId, { 'share.auto.offset.reset': 'earliest' });
    return { ...base, pollers, batchSize: BATCH_SIZE, handlerFile: NOOP_HANDLER };
  };

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
      `queue run ${run}/${plan.runs} (1 partition, batch ${BATCH_SIZE}): Stream ${Math.round(rate(stream))}/s, ` +
        `Queue 1 poller ${Math.round(rate(queue1))}/s, 3 pollers ${Math.round(rate(queue3))}/s`,
    );
  }
}

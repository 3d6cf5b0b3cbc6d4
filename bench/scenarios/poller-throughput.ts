import { Partitioners } from 'kafkajs';
import type { ConsumerSpec } from '../consumers/consumer-run';
import { consume, noopPollerSpec, recordsPerSecond as rate } from '../consumers/consume';
import type { BenchContext } from '../context';
import { fillTopic } from '../bench-topics';
import { javaConsumerRate } from '../java-tools';

const PARTITIONS = 3;

/**
 * Scenario 1: records per second from one topic (3 partitions, 1 KiB JSON values) through the
 * poller to a no-op handler at batch sizes 1,000 and 100 with a batching window of 0, against a
 * plain kafkajs consumer, the emulator floor (kafkajs building and parsing Lambda's event, batch
 * 1,000, floor-consumer.ts) and Kafka's ConsumerPerformance on the same records, each reading them
 * all from the beginning in a fresh consumer group. Also the poller's memory while it does so.
 */
export async function pollerThroughput(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, topics, progress } = context;
  const records = plan.throughputRecords;
  const topic = await topics.create('bench-throughput', PARTITIONS);
  progress(`throughput: writing ${records.toLocaleString('en')} records of 1 KiB to ${topic}`);
  const producer = context.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await fillTopic(producer, topic, records, PARTITIONS);
  } finally {
    await producer.disconnect();
  }
  const classpath = await context.javaClasspath();

  const consumerSpec = (prefix: string): ConsumerSpec => ({ brokers, topic, groupId: topics.group(prefix), startingPosition: 'TRIM_HORIZON', expectRecords: records });
  const pollerSpec = (batchSize: number) => noopPollerSpec(consumerSpec(`bench-poller-${batchSize}`), batchSize);

  for (let run = 1; run <= plan.runs; run += 1) {
    const kafkajsResult = await consume('kafkajs-consumer.ts', consumerSpec('bench-kafkajs'));
    const kafkajs = rate(kafkajsResult);
    const floor = await consume('floor-consumer.ts', { ...consumerSpec('bench-floor'), batchSize: 1_000 });
    const poller = await consume('poller-consumer.ts', pollerSpec(1_000));
    const poller100 = await consume('poller-consumer.ts', pollerSpec(100));
    const java = await javaConsumerRate(classpath, { brokers, topic, group: topics.group('bench-java'), messages: records });
    figures.add('poller_rps', rate(poller));
    figures.add('poller_rps_batch100', rate(poller100));
    figures.add('kafkajs_rps', kafkajs);
    figures.add('java_rps', java);
    figures.add('floor_rps', rate(floor));
    figures.addRatio('poller_vs_kafkajs', rate(poller), kafkajs);
    figures.addRatio('poller_vs_floor', rate(poller), rate(floor));
    figures.addRatio('poller_batch100_vs_batch1000', rate(poller100), rate(poller));
    figures.add('poller_rss_mb', poller.rssMedianMb);
    figures.add('poller_rss_peak_mb', Math.max(poller.rssPeakMb, poller100.rssPeakMb));
    figures.add('kafkajs_rss_mb', kafkajsResult.rssMedianMb);
    figures.add('floor_rss_mb', floor.rssMedianMb);
    figures.addRatio('poller_rss_vs_floor', poller.rssMedianMb, floor.rssMedianMb);
    figures.add('poller_cpu_us_per_record', (poller.cpuMs * 1000) / poller.records);
    figures.add('kafkajs_cpu_us_per_record', (kafkajsResult.cpuMs * 1000) / kafkajsResult.records);
    figures.add('floor_cpu_us_per_record', (floor.cpuMs * 1000) / floor.records);
    progress(
      `throughput run ${run}/${plan.runs}: poller ${Math.round(rate(poller))}/s (batch 100: ${Math.round(rate(poller100))}/s), ` +
        `floor ${Math.round(rate(floor))}/s, kafkajs ${Math.round(kafkajs)}/s, Java ${Math.round(java)}/s, ` +
        `RSS poller ${poller.rssMedianMb.toFixed(0)} MB, floor ${floor.rssMedianMb.toFixed(0)} MB`,
    );
  }
}

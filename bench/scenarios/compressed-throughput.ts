import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsumerSpec } from '../consumers/consumer-run';
import { consume, noopPollerSpec, recordsPerSecond } from '../consumers/consume';
import type { BenchContext } from '../context';
import { javaProducerRate } from '../java-tools';
import { sampleRecord } from '../records';

const PARTITIONS = 3;
const CODECS = ['lz4', 'zstd'] as const;
/** Distinct 1 KiB JSON values ProducerPerformance draws from, so batches compress as real traffic does. */
const PAYLOAD_LINES = 1_000;

function writePayloadFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-payloads-')), 'values.txt');
  fs.writeFileSync(file, Array.from({ length: PAYLOAD_LINES }, () => String(sampleRecord().value)).join('\n'));
  return file;
}

/**
 * Scenario 2: the throughput scenario's poller (batch 1,000), emulator floor and kafkajs baseline on topics that
 * Kafka's Java producer wrote compressed with lz4 and with zstd, as real services write them. The
 * uncompressed figures of scenario 1 are the same run's reference for what decompression costs.
 */
export async function compressedThroughput(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, topics, progress } = context;
  const records = plan.throughputRecords;
  const classpath = await context.javaClasspath();
  const payloadFile = writePayloadFile();
  try {
    for (const codec of CODECS) {
      const topic = await topics.create(`bench-${codec}`, PARTITIONS);
      progress(`${codec}: Kafka's Java producer writes ${records.toLocaleString('en')} records of 1 KiB JSON to ${topic}`);
      await javaProducerRate(classpath, { brokers, topic, records, recordsFrom: { payloadFile }, producerProps: [`compression.type=${codec}`, 'linger.ms=5'] });
      const spec = (prefix: string): ConsumerSpec => ({ brokers, topic, groupId: topics.group(prefix), startingPosition: 'TRIM_HORIZON', expectRecords: records });
      for (let run = 1; run <= plan.runs; run += 1) {
        const kafkajs = recordsPerSecond(await consume('kafkajs-consumer.ts', spec(`bench-kafkajs-${codec}`)));
        const floor = recordsPerSecond(await consume('floor-consumer.ts', { ...spec(`bench-floor-${codec}`), batchSize: 1_000 }));
        const poller = await consume('poller-consumer.ts', noopPollerSpec(spec(`bench-poller-${codec}`), 1_000));
        figures.add(`poller_rps_${codec}`, recordsPerSecond(poller));
        figures.add(`kafkajs_rps_${codec}`, kafkajs);
        figures.add(`floor_rps_${codec}`, floor);
        figures.addRatio(`poller_vs_kafkajs_${codec}`, recordsPerSecond(poller), kafkajs);
        figures.addRatio(`poller_vs_floor_${codec}`, recordsPerSecond(poller), floor);
        figures.add(`poller_cpu_us_per_record_${codec}`, (poller.cpuMs * 1000) / poller.records);
        progress(`${codec} run ${run}/${plan.runs}: poller ${Math.round(recordsPerSecond(poller))}/s, floor ${Math.round(floor)}/s, kafkajs ${Math.round(kafkajs)}/s`);
      }
    }
  } finally {
    fs.rmSync(path.dirname(payloadFile), { recursive: true, force: true });
  }
}

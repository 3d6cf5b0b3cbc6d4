/**
 * Child process: the emulator floor of the throughput scenario, the least any faithful emulator
 * of Lambda's Kafka event source mapping must do. A kafkajs `eachBatch` consumer with the
 * poller's fetch settings that cuts each fetch into batches of `batchSize` records, builds for
 * each the exact event AWS delivers (with the poller's own encoder), hands it to a worker thread
 * as UTF-8 text for the worker to `JSON.parse`, and commits the batch's offsets once it is
 * parsed; nothing else (no filter, no retries, no payload limit, no back-pressure). The main
 * thread builds the next event while the worker parses the last, and one commit request is in
 * flight at a time, carrying the newest parsed offset of each partition.
 */
import { Worker } from 'node:worker_threads';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { registerKafkaCodecs } from '../../local/poller/index';
// The poller's own encoder: the floor builds its events as the poller does, without its pipeline.
import { encodeRecord, kafkaEventJson, recordPrefix } from '../../local/poller/event/event-builder';
import { runCli } from '../../local/cli';
import { ConsumerRun, specFromArgv, type ConsumerSpec } from './consumer-run';

export interface FloorConsumerSpec extends ConsumerSpec {
  batchSize: number;
}

/** The function's side: parse the event, as Lambda's Node.js runtime does, and answer with its record count. */
const WORKER_CODE = `
const { parentPort } = require('node:worker_threads');
const utf8 = new TextDecoder();
parentPort.on('message', (payload) => {
  const event = JSON.parse(utf8.decode(payload));
  let records = 0;
  for (const key in event.records) records += event.records[key].length;
  parentPort.postMessage(records);
});
`;

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/bench/00000000-0000-0000-0000-000000000000-1';

/** One worker thread; it parses events in the order they are posted and answers each with its record count. */
class ParsingWorker {
  private readonly worker = new Worker(WORKER_CODE, { eval: true });
  private readonly waiting: { resolve: (records: number) => void; reject: (error: Error) => void }[] = [];
  private readonly utf8 = new TextEncoder();

  constructor() {
    this.worker.on('message', (records: number) => this.waiting.shift()!.resolve(records));
    this.worker.on('error', (error: Error) => {
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    });
  }

  parse(event: string): Promise<number> {
    const payload = this.utf8.encode(event);
    const parsed = new Promise<number>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.worker.postMessage(payload, [payload.buffer as ArrayBuffer]);
    return parsed;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** One commit request in flight; offsets parsed meanwhile go out in the next, the newest per partition. */
class Committer {
  private readonly pending = new Map<string, { topic: string; partition: number; offset: string }>();
  private sending: Promise<void> | undefined;

  constructor(private readonly consumer: Consumer) {}

  commit(topic: string, partition: number, next: number): void {
    this.pending.set(`${topic}-${partition}`, { topic, partition, offset: String(next) });
    this.sending ??= this.sendAll().finally(() => (this.sending = undefined));
  }

  private async sendAll(): Promise<void> {
    while (this.pending.size > 0) {
      const offsets = [...this.pending.values()];
      this.pending.clear();
      await this.consumer.commitOffsets(offsets);
    }
  }

  async flush(): Promise<void> {
    while (this.sending) await this.sending;
  }
}

async function main(): Promise<number> {
  const spec = specFromArgv<FloorConsumerSpec>();
  const run = new ConsumerRun(spec.expectRecords);
  registerKafkaCodecs();
  const source = { kind: 'msk' as const, eventSourceArn: CLUSTER_ARN, bootstrapServers: spec.brokers.join(',') };
  const kafka = new Kafka({ clientId: 'bench-floor', brokers: spec.brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId: spec.groupId, allowAutoTopicCreation: false, maxBytesPerPartition: 8 * 1024 * 1024, maxWaitTimeInMs: 100, sessionTimeout: 10_000 });
  const worker = new ParsingWorker();
  const committer = new Committer(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic: spec.topic, fromBeginning: spec.startingPosition === 'TRIM_HORIZON' });
  await consumer.run({
    autoCommit: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      const { topic, partition, messages } = batch;
      const prefix = recordPrefix(topic, partition);
      const parsed: Promise<void>[] = [];
      for (let start = 0; start < messages.length; start += spec.batchSize) {
        const chunk = messages.slice(start, start + spec.batchSize);
        const event = kafkaEventJson(source, [{ topic, partition, records: chunk.map((message) => encodeRecord(prefix, message).json) }]);
        const next = Number(chunk.at(-1)!.offset) + 1;
        parsed.push(
          worker.parse(event).then((records) => {
            if (records !== chunk.length) throw new Error(`the worker parsed ${records} records of ${chunk.length}`);
            committer.commit(topic, partition, next);
            run.consumed(records);
          }),
        );
      }
      await Promise.all(parsed);
      await payload.heartbeat();
    },
  });
  run.started();
  await run.finished;
  await committer.flush();
  await consumer.disconnect();
  await worker.terminate();
  run.report();
  return 0;
}

runCli('bench', main);

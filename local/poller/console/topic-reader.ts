import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { PollerError } from '../errors';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer }[];
}

export interface PartitionRange {
  partition: number;
  /** The first offset to read. */
  from: number;
  /** The offset after the last one to read. */
  until: number;
}

export class TopicNotFoundError extends PollerError {
  constructor(topic: string, options?: ErrorOptions) {
    super(`topic ${topic} does not exist`, options);
    this.name = 'TopicNotFoundError';
  }
}

/** How long a read may wait for records the offsets say are there. */
const READ_TIMEOUT_MS = 10_000;

function headersOf(message: KafkaMessage): ReadRecord['headers'] {
  return Object.entries(message.headers ?? {}).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).flatMap((one) => (one === undefined ? [] : [{ key, value: Buffer.isBuffer(one) ? one : Buffer.from(one) }])),
  );
}

/**
 * Reads given offsets of a topic without touching any mapping's group: a consumer of a throwaway
 * group seeks each partition to its range and stops once every range is read; the group is
 * deleted afterwards. kafkajs has no group-less fetch, and a group of its own costs one join.
 */
export class TopicReader {
  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
  ) {}

  async topics(): Promise<{ topic: string; partitions: { partition: number; low: number; high: number }[] }[]> {
    const names = (await this.admin.listTopics()).filter((name) => !name.startsWith('__')).sort();
    return Promise.all(names.map(async (topic) => ({ topic, partitions: await this.offsets(topic) })));
  }

  async offsets(topic: string): Promise<{ partition: number; low: number; high: number }[]> {
    const names = await this.admin.listTopics();
    if (!names.includes(topic)) throw new TopicNotFoundError(topic);
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.map(({ partition, low, high }) => ({ partition, low: Number(low), high: Number(high) })).sort((a, b) => a.partition - b.partition);
  }

  /** Up to `limit` records of a partition from `offset`, as far as its end. */
  async fromOffset(topic: string, partition: number, offset: number, limit: number): Promise<ReadRecord[]> {
    const current = (await this.offsets(topic)).find((entry) => entry.partition === partition);
    if (!current) throw new TopicNotFoundError(`${topic}-${partition}`);
    const from = Math.max(offset, current.low);
    return this.read(topic, [{ partition, from, until: Math.min(current.high, from + limit) }]);
  }

  /** The newest `count` records of each partition. */
  async latest(topic: string, count: number): Promise<ReadRecord[]> {
    const ranges = (await this.offsets(topic)).map(({ partition, low, high }) => ({ partition, from: Math.max(low, high - count), until: high }));
    return this.read(topic, ranges);
  }

  async read(topic: string, ranges: PartitionRange[]): Promise<ReadRecord[]> {
    const wanted = ranges.filter((range) => range.until > range.from);
    if (wanted.length === 0) return [];
    // Partitions not asked for start at their end, so nothing of them is fetched.
    const ends = (await this.offsets(topic)).filter((entry) => !wanted.some((range) => range.partition === entry.partition));
    const groupId = `serverless-offline-kafka-console-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    const records: ReadRecord[] = [];
    const left = new Map(wanted.map((range) => [range.partition, range]));
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topic} took more than ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const range = left.get(batch.partition);
              if (!range) return;
              for (const message of batch.messages) {
                const offset = Number(message.offset);
                if (offset < range.from || offset >= range.until) continue;
                records.push({ topic, partition: batch.partition, offset, timestamp: Number(message.timestamp), key: message.key, value: message.value, headers: headersOf(message) });
              }
              // Transaction markers take offsets too: a batch ending at or past the range closes it.
              if (Number(batch.lastOffset()) >= range.until - 1) left.delete(batch.partition);
              if (left.size === 0) resolve();
            },
          })
          .catch(reject);
        for (const range of wanted) consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
        for (const end of ends) consumer.seek({ topic, partition: end.partition, offset: String(end.high) });
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      await this.admin.deleteGroups([groupId]).catch(() => undefined);
    }
    return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  }
}

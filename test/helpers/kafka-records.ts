import { createTopicsReady } from '../../local/kafka/topics';
import type { Admin } from 'kafkajs';
import { endOffsets } from './consumer-group';
import type { testKafka } from './kafka';

export interface ConsumedRecord {
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** First offset of the record batch the broker stored this record in: one per produce request and partition. */
  batchFirstOffset: string;
}

/**
 * Reads the first `count` records of `topic` from the beginning with a fresh consumer group,
 * failing after `timeoutMs` instead of waiting forever for records that never came.
 */
export async function readRecords(
  kafka: ReturnType<typeof testKafka>,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const records: ConsumedRecord[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`read ${records.length} of ${count} records from ${topic} in ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            // kafkajs keeps the decoded record batch on each message, outside its types.
            const { batchContext } = message as typeof message & { batchContext: { firstOffset: string } };
            records.push({
              partition,
              offset: Number(message.offset),
              key: message.key?.toString() ?? null,
              value: message.value?.toString() ?? null,
              headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)])),
              batchFirstOffset: batchContext.firstOffset,
            });
            if (records.length >= count) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.stop();
  }
  return records;
}

/** Every record `topic` holds now (its end offsets summed), read from the beginning. */
export async function readWholeTopic(kafka: ReturnType<typeof testKafka>, admin: Admin, topic: string, timeoutMs = 60_000): Promise<ConsumedRecord[]> {
  const written = (await endOffsets(admin, topic)).reduce((sum, offset) => sum + offset, 0);
  return written === 0 ? [] : readRecords(kafka, topic, written, timeoutMs);
}

/** Creates `topic` with 3 partitions, like `message-created`, and waits for their leaders. */
export async function createTopic(kafka: ReturnType<typeof testKafka>, topic: string, numPartitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsReady(admin, [{ topic, numPartitions }]);
}

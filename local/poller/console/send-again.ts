import type { Producer } from 'kafkajs';
import type { PollerLog } from '../log';
import { readDeadLetter } from './dead-letter-record';
import { ConsoleRequestError } from './http-replies';
import type { TopicReader } from './topic-reader';

export interface SentAgain {
  from: string;
  to: { topic: string; partition: number; offset: number };
}

/**
 * Produces the original of one dead-letter record back to its source topic (its partition, when
 * the topic still has it), with the key, value and headers as recorded. Logs the coordinates and
 * sizes, never the bytes.
 */
export async function sendAgain(
  reader: TopicReader,
  producer: () => Promise<Producer>,
  log: PollerLog,
  at: { topic: string; partition: number; offset: number },
): Promise<SentAgain> {
  const [record] = await reader.fromOffset(at.topic, at.partition, at.offset, 1);
  if (!record || record.offset !== at.offset) throw new ConsoleRequestError(404, `${at.topic}-${at.partition}@${at.offset} holds no record`);
  const { original, reason } = readDeadLetter(record);
  if (!original) throw new ConsoleRequestError(422, `${at.topic}-${at.partition}@${at.offset} does not say which record it holds (no on-failure record, no dead-letter headers)`);
  const partitions = await reader.offsets(original.topic);
  const partition = partitions.some((entry) => entry.partition === original.partition) ? original.partition : undefined;
  const [written] = await (await producer()).send({
    topic: original.topic,
    acks: -1,
    messages: [
      {
        key: original.key,
        value: original.value,
        headers: Object.fromEntries(original.headers.map((header) => [header.key, header.value])),
        ...(partition !== undefined && { partition }),
      },
    ],
  });
  const to = { topic: original.topic, partition: written!.partition, offset: Number(written!.baseOffset) };
  const from = `${at.topic}-${at.partition}@${at.offset}`;
  log.info('record sent again', {
    from,
    reason,
    originalOffset: original.offset,
    to: `${to.topic}-${to.partition}@${to.offset}`,
    keyBytes: original.key?.length ?? 0,
    valueBytes: original.value?.length ?? 0,
    headers: original.headers.map((header) => header.key),
  });
  return { from, to };
}

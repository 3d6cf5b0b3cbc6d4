import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { locate, type Outgoing } from '../../../shared/message-producer';
import { MESSAGE_ID_HEADER, type StoredMessage } from '../../../shared/message-schema';

export interface StreamOptions {
  topic: string;
  count: number;
  /** Distinct message keys; key k always lands on partition k % partitions, so a key's messages are in offset order. */
  keys?: number;
  partitions?: number;
  /** Messages per produce request. */
  chunk?: number;
  /** Spreads the stream over time at about this rate, so a run lasts long enough to disturb it midway; as fast as Kafka takes it when unset. */
  ratePerSecond?: number;
  /** Called after each produce request with how many messages were acknowledged so far: where a scenario injects its fault. */
  onProgress?: (acknowledged: number) => Promise<void> | void;
}

export interface StreamResult {
  /** Each message Kafka acknowledged, with where it landed. */
  acknowledged: StoredMessage[];
  /** Messages whose produce request failed: they may or may not be in the topic, and are not sent again. */
  unacknowledged: number;
  errors: string[];
}

function outgoing(index: number, keys: number, partitions: number): Outgoing {
  const keyIndex = index % keys;
  const message = { id: randomUUID(), text: `chaos message ${index}`, key: `key-${keyIndex}`, createdAt: new Date().toISOString() };
  return { message, partition: keyIndex % partitions };
}

/**
 * Writes `count` valid messages of the project's schema (as POST /api/v1/messages would) in
 * produce requests of `chunk`, each one acknowledged by every in-sync replica, and reports which
 * were acknowledged. A failed request is counted, not retried: retrying could write it twice.
 */
export async function produceMessages(producer: Producer, options: StreamOptions): Promise<StreamResult> {
  const { topic, count, keys = 60, partitions = 3, chunk = 500 } = options;
  const result: StreamResult = { acknowledged: [], unacknowledged: 0, errors: [] };
  const started = Date.now();
  for (let start = 0; start < count; start += chunk) {
    const sent = Array.from({ length: Math.min(chunk, count - start) }, (_, index) => outgoing(start + index, keys, partitions));
    try {
      const acknowledged = await producer.send({
        topic,
        acks: -1,
        messages: sent.map(({ message, partition }) => ({
          key: message.key,
          value: JSON.stringify(message),
          partition,
          headers: { [MESSAGE_ID_HEADER]: message.id },
        })),
      });
      result.acknowledged.push(...locate(topic, sent, acknowledged));
    } catch (error) {
      result.unacknowledged += sent.length;
      result.errors.push((error as Error).message);
    }
    await options.onProgress?.(result.acknowledged.length);
    // Behind the rate (a slow acknowledgement): the next batch goes at once.
    if (options.ratePerSecond) await sleep(Math.max(0, started + ((start + sent.length) / options.ratePerSecond) * 1000 - Date.now()));
  }
  return result;
}

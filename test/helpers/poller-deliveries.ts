import type { Delivery } from '../fixtures/poller-service/behaviour';
import type { KafkaEventRecord } from '../../shared/kafka-event';

/** A record as the handler received it, with the invocation that carried it. */
export interface DeliveredRecord extends KafkaEventRecord {
  invocation: number;
  startedAt: number;
}

export function deliveredRecords(deliveries: Delivery[]): DeliveredRecord[] {
  return deliveries.flatMap(({ invocation, startedAt, event }) =>
    Object.values(event.records).flatMap((records) => records.map((record) => ({ ...record, invocation, startedAt }))),
  );
}

/** Offsets per partition (index = partition) in the order they were delivered, duplicates kept. */
export function offsetsByPartition(deliveries: Delivery[]): number[][] {
  const offsets: number[][] = [];
  for (const record of deliveredRecords(deliveries)) (offsets[record.partition] ??= []).push(record.offset);
  return offsets;
}

/** `from`, `from + 1`, ... up to `to` excluded. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
}

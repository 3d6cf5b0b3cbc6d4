import type { Delivery } from '../../fixtures/poller-service/behaviour';
import { deliveredRecords } from '../../helpers/poller-deliveries';

/** One row of the reliability table. */
export interface Figures {
  scenario: string;
  /** Messages Kafka acknowledged to the producer. */
  sent: number;
  /** Of those, how many the handler received at least once. */
  delivered: number;
  /** Acknowledged, but not where they should end up (the store, or a dead-letter or on-failure topic). */
  lost: number;
  /** Delivered to the handler more than once. */
  duplicated: number;
  /** First deliveries that came before the first delivery of an earlier message of the same key; null where no order is promised. */
  outOfOrder: number | null;
  /** What else the scenario did or saw, in a few words. */
  note: string;
}

/** A message as the scenario sent it: where it landed and what it was keyed by. */
export interface SentRecord {
  id: string;
  key: string | null;
  partition: number;
  offset: number;
}

export interface Observation {
  sent: readonly SentRecord[];
  /** What the handler received, in the order its invocations started. */
  deliveries: readonly Delivery[];
  /** Ids of the messages that ended up where they should. */
  arrived: ReadonlySet<string>;
}

const coordinates = (partition: number, offset: number): string => `${partition}@${offset}`;

/** Delivery counts per sent message, and where in the handler's sequence each was first delivered. */
function deliveryIndex(sent: readonly SentRecord[], deliveries: readonly Delivery[]) {
  const byCoordinates = new Map(sent.map((message) => [coordinates(message.partition, message.offset), message]));
  const times = new Map<string, number>();
  const firstAt = new Map<string, number>();
  deliveredRecords([...deliveries]).forEach((record, position) => {
    const message = byCoordinates.get(coordinates(record.partition, record.offset));
    if (!message) return;
    times.set(message.id, (times.get(message.id) ?? 0) + 1);
    if (!firstAt.has(message.id)) firstAt.set(message.id, position);
  });
  return { times, firstAt };
}

/** Per key, in offset order: how many messages were first delivered before their predecessor. */
function outOfOrder(sent: readonly SentRecord[], firstAt: ReadonlyMap<string, number>): number {
  const byKey = new Map<string, SentRecord[]>();
  for (const message of sent) {
    if (message.key === null) continue;
    const messages = byKey.get(message.key) ?? [];
    byKey.set(message.key, messages);
    messages.push(message);
  }
  let count = 0;
  for (const messages of byKey.values()) {
    const delivered = [...messages].sort((a, b) => a.offset - b.offset).filter((message) => firstAt.has(message.id));
    for (let index = 1; index < delivered.length; index += 1) {
      if (firstAt.get(delivered[index]!.id)! < firstAt.get(delivered[index - 1]!.id)!) count += 1;
    }
  }
  return count;
}

/** The figures of one scenario, from what was sent, what the handler saw and what arrived. */
export function figuresOf(scenario: string, { sent, deliveries, arrived }: Observation, note = ''): Figures {
  const { times, firstAt } = deliveryIndex(sent, deliveries);
  return {
    scenario,
    sent: sent.length,
    delivered: times.size,
    lost: sent.filter((message) => !arrived.has(message.id)).length,
    duplicated: [...times.values()].filter((count) => count > 1).length,
    outOfOrder: outOfOrder(sent, firstAt),
    note,
  };
}

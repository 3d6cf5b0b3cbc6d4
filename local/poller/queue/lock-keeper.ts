import type { ShareSession } from './share-session';

export interface LockKeeperOptions {
  /** The lock the broker holds acquired records under, as its last ShareFetch said. */
  lockMs: number;
  onRenewed(records: number): void;
  onError(error: Error): void;
}

/**
 * Keeps the records of a running invocation locked: every half lock it renews them (the RENEW
 * acknowledgement, KIP-1222), so a function may run as long as its timeout allows (14 minutes
 * for Kafka) however short the group's `share.record.lock.duration.ms`. Returns the stop.
 */
export function keepLocked(session: ShareSession, records: readonly { partition: number; offset: number }[], options: LockKeeperOptions): () => void {
  const offsets = new Map<number, bigint[]>();
  for (const record of records) offsets.set(record.partition, [...(offsets.get(record.partition) ?? []), BigInt(record.offset)]);
  const timer = setInterval(() => {
    session.renew(offsets).then(
      () => options.onRenewed(records.length),
      (error: Error) => options.onError(error),
    );
  }, options.lockMs / 2);
  return () => clearInterval(timer);
}

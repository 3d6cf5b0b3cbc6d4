import { AcknowledgeType, type AcknowledgeTypeValue } from '../share-group';
import type { QueueCounts } from './queue-counts';
import type { PendingAcknowledgements } from './share-session';

/** Where a record was acquired: the leader's share session, its partition and offset. */
export interface RecordAt {
  leader: string;
  partition: number;
  offset: number;
}

/**
 * Acknowledgements made and not yet sent, per leader: they ride on that leader's next
 * ShareFetch (or go alone when it is no longer fetched from), as Kafka's share consumer sends them.
 */
export class AcknowledgementBuffer {
  private readonly byLeader = new Map<string, PendingAcknowledgements>();

  add(records: readonly RecordAt[], type: AcknowledgeTypeValue): void {
    for (const { leader, partition, offset } of records) {
      let byPartition = this.byLeader.get(leader);
      if (!byPartition) this.byLeader.set(leader, (byPartition = new Map<number, Map<bigint, AcknowledgeTypeValue>>()));
      let offsets = byPartition.get(partition);
      if (!offsets) byPartition.set(partition, (offsets = new Map<bigint, AcknowledgeTypeValue>()));
      offsets.set(BigInt(offset), type);
    }
  }

  has({ leader, partition, offset }: RecordAt): boolean {
    return this.byLeader.get(leader)?.get(partition)?.has(BigInt(offset)) ?? false;
  }

  /** Removes and returns what `leader` is to be sent. */
  take(leader: string): PendingAcknowledgements {
    const acks: PendingAcknowledgements = this.byLeader.get(leader) ?? new Map<number, Map<bigint, AcknowledgeTypeValue>>();
    this.byLeader.delete(leader);
    return acks;
  }

  leaders(): string[] {
    return [...this.byLeader.keys()];
  }
}

/** Adds acknowledgements the broker took to the counts. */
export function countAcknowledged(acks: PendingAcknowledgements, counts: QueueCounts): void {
  for (const offsets of acks.values()) {
    for (const type of offsets.values()) {
      if (type === AcknowledgeType.ACCEPT) counts.accepted += 1;
      else if (type === AcknowledgeType.RELEASE) counts.released += 1;
      else if (type === AcknowledgeType.REJECT) counts.rejected += 1;
    }
  }
}

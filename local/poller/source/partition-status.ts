import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PartitionQueue } from '../delivery/partition-queue';
import type { PartitionStatus } from './mapping-state';

/** `status` answers within this even when the broker does not, with the partitions unknown. */
const STATUS_TIMEOUT_MS = 2_000;

/**
 * Offset lag per partition: the newest offset minus the group's committed one, with what waits in
 * each partition's queue; `unknown` when the broker does not answer in time (the mapping's state
 * says why).
 */
export async function partitionStatus(
  admin: Admin,
  topic: string,
  groupId: string,
  queueOf: (partition: number) => Pick<PartitionQueue, 'deliverable' | 'inFlight'> | undefined,
): Promise<PartitionStatus[] | 'unknown'> {
  const offsets = Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const answer = await Promise.race([offsets, sleep(STATUS_TIMEOUT_MS, undefined, { ref: false })]).catch(() => undefined);
  if (!answer) return 'unknown';
  const [high, [committed]] = answer;
  return high.map(({ partition, high: highWatermark, low }) => {
    const committedOffset = Number(committed?.partitions.find((entry) => entry.partition === partition)?.offset ?? -1);
    const start = committedOffset >= 0 ? committedOffset : Number(low);
    const queue = queueOf(partition);
    return {
      partition,
      committed: committedOffset,
      highWatermark: Number(highWatermark),
      lag: Number(highWatermark) - start,
      queued: queue?.deliverable ?? 0,
      inFlight: queue?.inFlight ?? false,
    };
  });
}

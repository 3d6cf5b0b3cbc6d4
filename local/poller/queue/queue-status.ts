import type { DescribedShareGroup } from '../share-group';
import type { QueueCounts } from './queue-counts';

/**
 * What the poller does in Queue mode where AWS's `polling-kafka-queue` page says nothing: each
 * is what Kafka's own share consumer does, and the status shows this list beside the mapping.
 */
export const NOT_DOCUMENTED_BY_AWS: readonly string[] = [
  'a failed record is released (RELEASE) to the share group and delivered again, to any poller: not documented by AWS',
  "a record at the group's delivery-attempt limit (group.share.delivery.count.limit) or past MaximumRetryAttempts goes to the on-failure destination, then is rejected (REJECT): not documented by AWS",
  'records filtered out are accepted (ACCEPT) without an invocation: not documented by AWS',
  'offsets acquired with no record (transaction markers) are acknowledged as gaps: not documented by AWS',
  'locks of records under a running invocation are renewed (RENEW, KIP-1222) every half lock: not documented by AWS',
  "where a new share group starts reading is the group's share.auto.offset.reset (Kafka's default: latest): not documented by AWS",
];

export interface QueueStatus {
  consumptionMode: 'Queue';
  /** The share group as its coordinator describes it: `Empty`, `Stable`, `Dead`, or `unknown` when it did not answer. */
  shareGroupState: string;
  shareGroupMembers: number | 'unknown';
  memberId: string;
  memberEpoch: number;
  partitions: number[];
  counts: QueueCounts;
  /** The acquisition lock the broker holds records under (its `share.record.lock.duration.ms`), once a fetch told. */
  lockDurationMs: number | 'unknown';
  deliveryAttemptLimit: number;
  functionTimeoutMs: number;
  notDocumentedByAws: readonly string[];
}

export interface QueueStatusInput {
  group: DescribedShareGroup | undefined;
  memberId: string;
  memberEpoch: number;
  partitions: number[];
  counts: QueueCounts;
  lockDurationMs: number | undefined;
  deliveryAttemptLimit: number;
  functionTimeoutMs: number;
}

export function queueStatusOf(input: QueueStatusInput): QueueStatus {
  const { group } = input;
  return {
    consumptionMode: 'Queue',
    shareGroupState: group && group.errorCode === 0 ? group.groupState : 'unknown',
    shareGroupMembers: group && group.errorCode === 0 ? group.members.length : 'unknown',
    memberId: input.memberId,
    memberEpoch: input.memberEpoch,
    partitions: [...input.partitions].sort((a, b) => a - b),
    counts: input.counts,
    lockDurationMs: input.lockDurationMs ?? 'unknown',
    deliveryAttemptLimit: input.deliveryAttemptLimit,
    functionTimeoutMs: input.functionTimeoutMs,
    notDocumentedByAws: NOT_DOCUMENTED_BY_AWS,
  };
}

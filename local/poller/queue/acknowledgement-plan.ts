import { invalidItemFailures, itemFailures } from '../delivery/batch-item-failures';
import type { InvokeOutcome } from '../runtime/function-runtime';

/** A record of an invocation, with how many times the share group has delivered it. */
export interface DeliveredRecord {
  /** `<topic>-<partition>`, as the event and batchItemFailures name it. */
  key: string;
  partition: number;
  offset: number;
  deliveryCount: number;
}

export interface QueueFailurePolicy {
  /** -1: no limit of the mapping's own; otherwise retries after the first delivery. */
  maximumRetryAttempts: number;
  reportBatchItemFailures: boolean;
  /** The share group's delivery-attempt limit (`group.share.delivery.count.limit` in Kafka 4.2). */
  deliveryAttemptLimit: number;
}

export interface AcknowledgementPlan {
  /** Processed: ACCEPT. */
  accept: DeliveredRecord[];
  /** Failed with deliveries left: RELEASE, for the group to deliver again (to any poller). */
  release: DeliveredRecord[];
  /** Failed for the last time: to the on-failure destination, then REJECT. */
  exhausted: DeliveredRecord[];
}

/**
 * What becomes of an invocation's records. Success accepts them all; a failed invocation fails
 * them all; a ReportBatchItemFailures response fails only the records it names (one it names that
 * was not in the event fails the batch, as in Stream mode). A failed record is released for
 * another delivery while both the mapping's MaximumRetryAttempts and the group's delivery-attempt
 * limit allow one more; otherwise it is exhausted. Released at the limit, the broker would archive
 * it unseen, so the poller takes it out itself, where the on-failure destination can get it.
 */
export function planAcknowledgements(records: DeliveredRecord[], outcome: InvokeOutcome, policy: QueueFailurePolicy): AcknowledgementPlan {
  let failed: Set<DeliveredRecord>;
  if (outcome.status !== 'success') failed = new Set(records);
  else if (!policy.reportBatchItemFailures) failed = new Set();
  else {
    const failures = itemFailures(outcome.response);
    if (invalidItemFailures(failures, records)) failed = new Set(records);
    else {
      const named = new Set(failures.map((failure) => `${failure.partition}@${failure.offset}`));
      failed = new Set(records.filter((record) => named.has(`${record.key}@${record.offset}`)));
    }
  }
  const plan: AcknowledgementPlan = { accept: [], release: [], exhausted: [] };
  for (const record of records) {
    if (!failed.has(record)) plan.accept.push(record);
    else if (mayDeliverAgain(record, policy)) plan.release.push(record);
    else plan.exhausted.push(record);
  }
  return plan;
}

function mayDeliverAgain(record: DeliveredRecord, policy: QueueFailurePolicy): boolean {
  if (record.deliveryCount >= policy.deliveryAttemptLimit) return false;
  return policy.maximumRetryAttempts === -1 || record.deliveryCount - 1 < policy.maximumRetryAttempts;
}

import { planAcknowledgements, type DeliveredRecord, type QueueFailurePolicy } from '../../../../local/poller/queue/acknowledgement-plan';
import type { InvokeOutcome } from '../../../../local/poller/runtime/function-runtime';

const record = (offset: number, deliveryCount = 1): DeliveredRecord => ({ key: 'orders-0', partition: 0, offset, deliveryCount });
const success = (response: unknown = null): InvokeOutcome => ({ status: 'success', response, durationMs: 1 });
const error: InvokeOutcome = { status: 'error', errorType: 'Error', errorMessage: 'boom', durationMs: 1 };
const policy: QueueFailurePolicy = { maximumRetryAttempts: -1, reportBatchItemFailures: false, deliveryAttemptLimit: 5 };
const offsets = (records: DeliveredRecord[]) => records.map((entry) => entry.offset);

describe('planAcknowledgements', () => {
  it('accepts every record of a successful invocation', () => {
    const plan = planAcknowledgements([record(0), record(1)], success(), policy);
    expect(offsets(plan.accept)).toEqual([0, 1]);
    expect(plan.release).toEqual([]);
    expect(plan.exhausted).toEqual([]);
  });

  it('releases every record of a failed invocation while deliveries are left', () => {
    const plan = planAcknowledgements([record(0), record(1, 4)], error, policy);
    expect(offsets(plan.release)).toEqual([0, 1]);
  });

  it("takes out a failed record at the group's delivery limit instead of letting the broker archive it unseen", () => {
    const plan = planAcknowledgements([record(0, 5), record(1, 2)], error, policy);
    expect(offsets(plan.exhausted)).toEqual([0]);
    expect(offsets(plan.release)).toEqual([1]);
  });

  it.each([
    [0, 1, 'exhausted'],
    [1, 1, 'release'],
    [1, 2, 'exhausted'],
    [3, 3, 'release'],
  ] as const)('MaximumRetryAttempts %i: a record failing on delivery %i is %s', (maximumRetryAttempts, deliveryCount, where) => {
    const plan = planAcknowledgements([record(7, deliveryCount)], error, { ...policy, maximumRetryAttempts });
    expect(offsets(plan[where])).toEqual([7]);
  });

  it('with ReportBatchItemFailures, fails only the records the response names', () => {
    const response = { batchItemFailures: [{ itemIdentifier: { partition: 'orders-0', offset: 1 } }] };
    const plan = planAcknowledgements([record(0), record(1), record(2)], success(response), { ...policy, reportBatchItemFailures: true });
    expect(offsets(plan.accept)).toEqual([0, 2]);
    expect(offsets(plan.release)).toEqual([1]);
  });

  it('fails the whole batch when a named record was not in the event, as in Stream mode', () => {
    const response = { batchItemFailures: [{ itemIdentifier: { partition: 'orders-0', offset: 9 } }] };
    const plan = planAcknowledgements([record(0), record(1)], success(response), { ...policy, reportBatchItemFailures: true });
    expect(offsets(plan.release)).toEqual([0, 1]);
  });

  it('ignores a batchItemFailures response without ReportBatchItemFailures', () => {
    const response = { batchItemFailures: [{ itemIdentifier: { partition: 'orders-0', offset: 0 } }] };
    expect(offsets(planAcknowledgements([record(0)], success(response), policy).accept)).toEqual([0]);
  });
});

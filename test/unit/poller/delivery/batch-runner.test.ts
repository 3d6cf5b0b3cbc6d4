import { runBatch, type BatchEntry, type BatchPart, type BatchRunnerDependencies, type FailedBatch, type FailurePolicy } from '../../../../local/poller/delivery/batch-runner';
import type { InvokeOutcome } from '../../../../local/poller/runtime/function-runtime';
import { PartitionQueue } from '../../../../local/poller/delivery/partition-queue';
import type { KafkaEvent } from '../../../../shared/kafka-event';
import { mskRecord } from '../../../helpers/msk-events';

/**
 * runBatch's retry logic with a scripted function: each invocation's outcome comes from `answer`,
 * commits and on-failure writes are recorded. Real Kafka behaviour is in test/integration/poller.
 */
function harness(policy: Partial<FailurePolicy>, answer: (event: KafkaEvent, call: number) => InvokeOutcome) {
  const invocations: number[][] = [];
  const commits: [string, number][] = [];
  const failed: FailedBatch[] = [];
  const waits: number[] = [];
  const deps: BatchRunnerDependencies = {
    policy: { maximumRetryAttempts: -1, maximumRecordAgeSeconds: -1, bisectBatchOnFunctionError: false, reportBatchItemFailures: false, ...policy },
    source: { kind: 'msk', eventSourceArn: 'arn:aws:kafka:us-east-1:0:cluster/c/u', bootstrapServers: '127.0.0.1:9092' },
    invoke: async (event) => {
      const kafkaEvent = JSON.parse(event) as KafkaEvent;
      invocations.push(Object.values(kafkaEvent.records).flat().map((record) => record.offset));
      return { requestId: `request-${invocations.length}`, outcome: answer(kafkaEvent, invocations.length) };
    },
    processed: (queue, offset) => {
      commits.push([queue.key, offset]);
    },
    onFailure: async (batch) => {
      failed.push(batch);
    },
    backoffMs: (attempt) => attempt,
    wait: async (ms) => {
      waits.push(ms);
      return true;
    },
    report: () => undefined,
    stopping: () => false,
    recordBytesLimit: 6_000_000,
    now: () => 1_763_700_100_000,
  };
  return { deps, invocations, commits, failed, waits };
}

const success: InvokeOutcome = { status: 'success', response: null, durationMs: 1 };
const failure: InvokeOutcome = { status: 'error', errorType: 'Error', errorMessage: 'boom', durationMs: 1 };

function part(partition: number, offsets: number[], options: { filtered?: number[]; timestamp?: (offset: number) => number } = {}): BatchPart {
  const queue = new PartitionQueue('t', partition);
  const entries: BatchEntry[] = offsets.map((offset) => {
    const record = mskRecord({ topic: 't', partition, offset, value: `v${offset}`, ...(options.timestamp && { timestamp: options.timestamp(offset) }) });
    return { offset, timestamp: record.timestamp, json: options.filtered?.includes(offset) ? null : JSON.stringify(record), bytes: 100 };
  });
  return { queue, entries, epoch: queue.epoch };
}

describe('runBatch', () => {
  it('leaves a batch the function never got (the mapping stopped before the poller could prepare it) uncommitted, sent nowhere, charged nothing', async () => {
    const { deps, commits, failed, waits } = harness({ maximumRetryAttempts: 0 }, () => success);
    const reports: unknown[] = [];
    await runBatch([part(0, [0, 1])], { ...deps, invoke: async () => undefined, report: (invocation) => void reports.push(invocation) });
    expect({ commits, failed, waits, reports }).toEqual({ commits: [], failed: [], waits: [], reports: [] });
  });

  it('neither commits nor retries a partition the group took away while it ran, even once it is given back', async () => {
    const [kept, moved, movedAndBack] = [part(0, [0, 1]), part(1, [0]), part(2, [4])];
    const h = harness({}, (_, call) => {
      if (call === 1) {
        moved.queue.rebalanced(false);
        movedAndBack.queue.rebalanced(false);
        movedAndBack.queue.rebalanced(true);
      }
      return call === 1 ? failure : success;
    });
    await runBatch([kept, moved, movedAndBack], h.deps);
    expect(h.invocations).toEqual([[0, 1, 0, 4], [0, 1]]);
    expect(h.commits).toEqual([['t-0', 2]]);
  });

  it('commits only the parts it still holds after a successful invocation', async () => {
    const [kept, moved] = [part(0, [7]), part(1, [3])];
    const h = harness({}, () => {
      moved.queue.rebalanced(false);
      return success;
    });
    await runBatch([kept, moved], h.deps);
    expect(h.commits).toEqual([['t-0', 8]]);
  });

  it('commits past the whole batch, filtered records included, after one successful invocation', async () => {
    const h = harness({}, () => success);
    await runBatch([part(0, [5, 6, 7], { filtered: [7] }), part(1, [0])], h.deps);
    expect(h.invocations).toEqual([[5, 6, 0]]);
    expect(h.commits).toEqual([['t-0', 8], ['t-1', 1]]);
  });

  it('retries a failing batch with growing backoff until it succeeds, committing nothing before', async () => {
    const h = harness({}, (_, call) => (call < 4 ? failure : success));
    await runBatch([part(0, [0, 1])], h.deps);
    expect(h.invocations).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
    expect(h.waits).toEqual([1, 2, 3]);
    expect(h.commits).toEqual([['t-0', 2]]);
  });

  it('after MaximumRetryAttempts sends the records to the on-failure destination, then commits past them', async () => {
    const h = harness({ maximumRetryAttempts: 2 }, () => failure);
    await runBatch([part(0, [0, 1])], h.deps);
    expect(h.invocations).toHaveLength(3);
    expect(h.failed).toEqual([expect.objectContaining({ condition: 'RetryAttemptsExhausted', attempts: 3, requestId: 'request-3' })]);
    expect(h.failed[0]!.records.map((record) => record.offset)).toEqual([0, 1]);
    expect(h.commits).toEqual([['t-0', 2]]);
  });

  it('bisects a failing batch until the poison record is alone, and delivers the rest', async () => {
    const poisoned = (event: KafkaEvent) => Object.values(event.records).flat().some((record) => record.offset === 2);
    const h = harness({ bisectBatchOnFunctionError: true, maximumRetryAttempts: 3 }, (event) => (poisoned(event) ? failure : success));
    await runBatch([part(0, [0, 1, 2, 3])], h.deps);
    // Halves inherit the attempt count: [2] alone fails its last two attempts, then is given up.
    expect(h.invocations).toEqual([[0, 1, 2, 3], [0, 1], [2, 3], [2], [2], [3]]);
    expect(h.failed.flatMap((batch) => batch.records.map((record) => record.offset))).toEqual([2]);
    expect(h.commits).toEqual([['t-0', 2], ['t-0', 3], ['t-0', 4]]);
  });

  it('with ReportBatchItemFailures commits before the first failed record and retries from it', async () => {
    const h = harness({ reportBatchItemFailures: true }, (_, call) =>
      call === 1 ? { ...success, response: { batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: 6 } }] } } : success,
    );
    await runBatch([part(0, [4, 5, 6, 7]), part(1, [0, 1])], h.deps);
    expect(h.invocations).toEqual([[4, 5, 6, 7, 0, 1], [6, 7]]);
    expect(h.commits).toEqual([['t-0', 6], ['t-1', 2], ['t-0', 8]]);
  });

  it.each([
    ['an identifier that was not in the event', { batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: 99 } }] }],
    ['an unreadable identifier', { batchItemFailures: [{ itemIdentifier: { partition: 't-0' } }] }],
  ])('fails the whole batch for %s', async (_, response) => {
    const h = harness({ reportBatchItemFailures: true }, (__, call) => (call === 1 ? { ...success, response } : success));
    await runBatch([part(0, [0, 1])], h.deps);
    expect(h.invocations).toEqual([[0, 1], [0, 1]]);
    expect(h.commits).toEqual([['t-0', 2]]);
  });

  it('treats an empty or null partial batch response as success', async () => {
    for (const response of [null, {}, { batchItemFailures: [] }]) {
      const h = harness({ reportBatchItemFailures: true }, () => ({ ...success, response }));
      await runBatch([part(0, [0])], h.deps);
      expect(h.invocations).toHaveLength(1);
    }
  });

  it('never sends a record older than MaximumRecordAgeInSeconds, even the first time: it goes to the destination and is committed with the batch', async () => {
    const now = 1_763_700_100_000;
    const h = harness({ maximumRecordAgeSeconds: 60 }, () => success);
    await runBatch([part(0, [0, 1, 2, 3], { timestamp: (offset) => (offset % 2 === 1 ? now - 7_200_000 : now) })], h.deps);
    expect(h.failed.map((batch) => [batch.condition, batch.attempts, batch.records.map((record) => record.offset)])).toEqual([['RetryAttemptsExhausted', 0, [1, 3]]]);
    expect(h.invocations).toEqual([[0, 2]]);
    expect(h.commits).toEqual([['t-0', 4]]);
  });

  it('takes a record out of a retried batch once it grows older than MaximumRecordAgeInSeconds', async () => {
    let now = 1_763_700_100_000;
    const h = harness({ maximumRecordAgeSeconds: 60 }, (_, call) => (call === 1 ? failure : success));
    h.deps.now = () => now;
    h.deps.wait = async () => {
      now += 5_000;
      return true;
    };
    await runBatch([part(0, [0, 1, 2], { timestamp: (offset) => (offset === 0 ? now - 58_000 : now) })], h.deps);
    expect(h.invocations).toEqual([[0, 1, 2], [1, 2]]);
    expect(h.failed.map((batch) => [batch.attempts, batch.records.map((record) => record.offset)])).toEqual([[1, [0]]]);
    expect(h.commits).toEqual([['t-0', 3]]);
  });

  it('commits a batch whose records all expired without invoking the function', async () => {
    const h = harness({ maximumRecordAgeSeconds: 60 }, () => success);
    await runBatch([part(0, [5, 6], { timestamp: () => 0 })], h.deps);
    expect(h.invocations).toEqual([]);
    expect(h.failed.map((batch) => batch.records.map((record) => record.offset))).toEqual([[5, 6]]);
    expect(h.commits).toEqual([['t-0', 7]]);
  });

  it('does not invoke with a record larger than the payload limit: it goes to the destination as MaximumPayloadSizeExceeded', async () => {
    const h = harness({}, () => success);
    const oversized = part(0, [9]);
    oversized.entries[0]!.bytes = 7_000_000;
    await runBatch([oversized], h.deps);
    expect(h.invocations).toEqual([]);
    expect(h.failed).toEqual([expect.objectContaining({ condition: 'MaximumPayloadSizeExceeded' })]);
    expect(h.commits).toEqual([['t-0', 10]]);
  });

  it('stops retrying when the poller stops, leaving the batch uncommitted for redelivery', async () => {
    const h = harness({}, () => failure);
    h.deps.stopping = () => true;
    await runBatch([part(0, [0])], h.deps);
    expect(h.invocations).toHaveLength(1);
    expect(h.commits).toEqual([]);
  });
});

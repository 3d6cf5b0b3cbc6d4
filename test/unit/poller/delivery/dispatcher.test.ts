import type { BatchPart } from '../../../../local/poller/delivery/batch-runner';
import { Dispatcher, type DispatcherOptions } from '../../../../local/poller/delivery/dispatcher';
import type { QueuedRecord } from '../../../../local/poller/delivery/partition-queue';
import { mskRecord } from '../../../helpers/msk-events';

/** Batch formation with the clock under the test's control; batches finish when the test says. */
function harness(options: Partial<DispatcherOptions> = {}) {
  const batches: { parts: string[]; offsets: number[][]; finish: () => void }[] = [];
  const paused: string[] = [];
  const resumed: string[] = [];
  const dispatcher = new Dispatcher({
    batchSize: 3,
    batchingWindowMs: 500,
    recordBytesLimit: 1_000,
    runBatch: (parts: BatchPart[]) =>
      new Promise<void>((resolve) => {
        batches.push({
          parts: parts.map((part) => part.queue.key),
          offsets: parts.map((part) => part.entries.map((entry) => entry.offset)),
          finish: resolve,
        });
      }),
    committer: { commit: () => undefined, isBehind: () => false, whenSent: () => undefined },
    pause: (topic, partition) => paused.push(`${topic}-${partition}`),
    resume: (topic, partition) => resumed.push(`${topic}-${partition}`),
    ...options,
  });
  return { dispatcher, batches, paused, resumed };
}

const entries = (partition: number, offsets: number[], bytes = 10): QueuedRecord[] =>
  offsets.map((offset) => ({ offset, timestamp: 0, record: JSON.stringify(mskRecord({ topic: 't', partition, offset, value: 'v' })), bytes, queuedAt: Date.now() }));

const settle = () => new Promise((resolve) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(resolve));

describe('Dispatcher', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('invokes as soon as the batch size is reached, and holds a smaller batch for the window', () => {
    const { dispatcher, batches } = harness();
    dispatcher.enqueue('t', 0, entries(0, [0, 1, 2, 3]));
    expect(batches.map((batch) => batch.offsets)).toEqual([[[0, 1, 2]]]);

    batches[0]!.finish();
    return settle().then(() => {
      expect(batches).toHaveLength(1);
      jest.advanceTimersByTime(499);
      expect(batches).toHaveLength(1);
      jest.advanceTimersByTime(1);
      expect(batches.map((batch) => batch.offsets)).toEqual([[[0, 1, 2]], [[3]]]);
    });
  });

  it('keeps one batch per partition in flight; other partitions go on, several in one invocation', async () => {
    const { dispatcher, batches } = harness({ batchSize: 4 });
    dispatcher.enqueue('t', 0, entries(0, [0, 1, 2, 3]));
    dispatcher.enqueue('t', 0, entries(0, [4, 5, 6, 7]));
    dispatcher.enqueue('t', 1, entries(1, [0, 1]));
    dispatcher.enqueue('t', 2, entries(2, [0, 1]));
    // t-0's next four wait for its batch; t-1 and t-2 fill a batch of four between them.
    expect(batches.map((batch) => [...batch.parts].sort())).toEqual([['t-0'], ['t-1', 't-2']]);
    expect(batches[1]!.offsets.flat()).toEqual([0, 1, 0, 1]);

    batches[0]!.finish();
    await settle();
    expect(batches[2]!.parts).toEqual(['t-0']);
    expect(batches[2]!.offsets).toEqual([[4, 5, 6, 7]]);
  });

  it("holds a partition's next batch while its last commit waits behind an older one", async () => {
    const behind = new Set(['t-0']);
    const { dispatcher, batches } = harness({ batchSize: 2, committer: { commit: () => undefined, isBehind: (queue) => behind.has(queue.key), whenSent: () => undefined } });
    dispatcher.enqueue('t', 0, entries(0, [0, 1]));
    dispatcher.enqueue('t', 1, entries(1, [0, 1]));
    expect(batches.map((batch) => batch.parts)).toEqual([['t-1']]);

    behind.clear();
    dispatcher.schedule();
    expect(batches.map((batch) => batch.parts)).toEqual([['t-1'], ['t-0']]);
  });

  it('closes a batch before the payload limit', () => {
    const { dispatcher, batches } = harness({ batchSize: 100, recordBytesLimit: 250 });
    dispatcher.enqueue('t', 0, entries(0, [0, 1, 2], 100));
    expect(batches.map((batch) => batch.offsets)).toEqual([[[0, 1]]]);
  });

  it('pauses a partition whose queue passes the high-water mark and resumes it once drained', async () => {
    const { dispatcher, batches, paused, resumed } = harness({ batchSize: 2, highWater: 4 });
    dispatcher.enqueue('t', 0, entries(0, [0, 1, 2, 3, 4, 5]));
    expect(paused).toEqual(['t-0']);
    batches[0]!.finish();
    await settle();
    batches[1]!.finish();
    await settle();
    expect(resumed).toEqual(['t-0']);
  });

  it('after a rebalance forgets queued records, and drops those of revoked partitions', () => {
    const { dispatcher } = harness({ batchSize: 10 });
    dispatcher.enqueue('t', 0, entries(0, [0, 1]));
    dispatcher.enqueue('t', 1, entries(1, [0, 1]));
    dispatcher.rebalanced(new Set(['t-0']));
    expect(dispatcher.allQueues().map((queue) => [queue.key, queue.deliverable])).toEqual([['t-0', 0]]);
  });
});

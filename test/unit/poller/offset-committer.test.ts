import { OffsetCommitter } from '../../../local/poller/offset-committer';
import { PartitionQueue } from '../../../local/poller/partition-queue';

/** A Kafka stand-in whose commit requests finish when the test says. */
function harness() {
  const requests: { offsets: string[]; finish: (error?: Error) => void }[] = [];
  const errors: string[][] = [];
  let sent = 0;
  const committer = new OffsetCommitter({
    onSent: () => (sent += 1),
    send: (offsets) =>
      new Promise((resolve, reject) => {
        requests.push({ offsets: offsets.map(({ topic, partition, offset }) => `${topic}-${partition}@${offset}`), finish: (error) => (error ? reject(error) : resolve()) });
      }),
    onError: (_, offsets) => errors.push(offsets),
  });
  return { committer, requests, errors, sent: () => sent };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OffsetCommitter', () => {
  it('sends one request at a time, the newest offset per partition merged into the next', async () => {
    const { committer, requests } = harness();
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 10);
    committer.commit(p0, 20);
    committer.commit(p1, 5);
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@10']]);
    requests[0]!.finish();
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@10'], ['t-0@20', 't-1@5']]);
    requests[1]!.finish();
    await committer.flush();
    committer.commit(p1, 6);
    await settle();
    expect(requests.at(-1)!.offsets).toEqual(['t-1@6']);
  });

  it('says a partition is behind while its newest offset waits for an older one in flight, and when that ends', async () => {
    const { committer, requests, sent } = harness();
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 10);
    expect(committer.isBehind(p0)).toBe(false);
    committer.commit(p1, 5);
    committer.commit(p0, 20);
    // t-1's only offset waits for a request that does not hold it: its last batch is still one.
    expect([committer.isBehind(p0), committer.isBehind(p1)]).toEqual([true, false]);

    requests[0]!.finish();
    await settle();
    expect(sent()).toBe(1);
    expect([committer.isBehind(p0), committer.isBehind(p1)]).toEqual([false, false]);
    committer.commit(p1, 6);
    expect(committer.isBehind(p1)).toBe(true);
    requests[1]!.finish(new Error('REBALANCE_IN_PROGRESS'));
    await settle();
    expect(committer.isBehind(p1)).toBe(false);
    requests[2]!.finish();
    await committer.flush();
    expect(sent()).toBe(3);
  });

  it('drops the offset of a partition taken away after it was handed in', async () => {
    const { committer, requests } = harness();
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 1);
    committer.commit(p0, 2);
    committer.commit(p1, 3);
    p1.rebalanced(false);
    p1.rebalanced(true);
    requests[0]!.finish();
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@1'], ['t-0@2']]);
  });

  it('reports a failed request and goes on; flush waits for everything handed in', async () => {
    const { committer, requests, errors } = harness();
    const p0 = new PartitionQueue('t', 0);
    committer.commit(p0, 1);
    committer.commit(p0, 2);
    let flushed = false;
    const flushing = committer.flush().then(() => (flushed = true));
    requests[0]!.finish(new Error('REBALANCE_IN_PROGRESS'));
    await settle();
    expect(errors).toEqual([['t-0@1']]);
    expect(flushed).toBe(false);
    requests[1]!.finish();
    await flushing;
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@1'], ['t-0@2']]);
  });
});

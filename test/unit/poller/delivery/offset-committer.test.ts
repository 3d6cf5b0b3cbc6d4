import { OffsetCommitter } from '../../../../local/poller/delivery/offset-committer';
import { PartitionQueue } from '../../../../local/poller/delivery/partition-queue';

/** A Kafka stand-in whose commit requests finish when the test says. */
function harness(retryDelayMs = 1) {
  const requests: { offsets: string[]; finish: (error?: Error) => void }[] = [];
  const errors: string[][] = [];
  let sent = 0;
  const committer = new OffsetCommitter({
    send: (offsets) =>
      new Promise((resolve, reject) => {
        requests.push({ offsets: offsets.map(({ topic, partition, offset }) => `${topic}-${partition}@${offset}`), finish: (error) => (error ? reject(error) : resolve()) });
      }),
    onError: (_, offsets, retrying) => errors.push([...offsets, retrying ? 'retrying' : 'given up']),
    retryDelayMs,
  });
  committer.whenSent(() => (sent += 1));
  return { committer, requests, errors, sent: () => sent };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('OffsetCommitter', () => {
  it('sends the offsets handed in within one turn in one request, the newest per partition', async () => {
    const { committer, requests } = harness();
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 10);
    committer.commit(p0, 20);
    committer.commit(p1, 5);
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@20', 't-1@5']]);
    requests[0]!.finish();
    await committer.flush();
    committer.commit(p1, 6);
    await settle();
    expect(requests.at(-1)!.offsets).toEqual(['t-1@6']);
  });

  it('keeps one request in flight per partition; a partition does not wait for the others', async () => {
    const { committer, requests } = harness();
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 10);
    await settle();
    committer.commit(p0, 20);
    committer.commit(p1, 5);
    await settle();
    // t-0@20 waits for t-0@10; t-1 has nothing in flight and goes at once.
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@10'], ['t-1@5']]);
    committer.commit(p0, 30);
    requests[1]!.finish();
    await settle();
    expect(requests).toHaveLength(2);
    requests[0]!.finish();
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@10'], ['t-1@5'], ['t-0@30']]);
    requests[2]!.finish();
    await committer.flush();
  });

  it('says a partition is behind while its newest offset waits for an older one in flight, and when that ends', async () => {
    const { committer, requests, sent } = harness(60_000);
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 10);
    await settle();
    expect(committer.isBehind(p0)).toBe(false);
    committer.commit(p0, 20);
    committer.commit(p1, 5);
    // t-1's only offset waits for no request of its own: its last batch is still one.
    expect([committer.isBehind(p0), committer.isBehind(p1)]).toEqual([true, false]);
    await settle();
    expect(committer.isBehind(p1)).toBe(false);

    requests[0]!.finish();
    await settle();
    expect(sent()).toBe(1);
    expect([committer.isBehind(p0), committer.isBehind(p1)]).toEqual([false, false]);
    committer.commit(p1, 6);
    expect(committer.isBehind(p1)).toBe(true);
    requests[1]!.finish(new Error('REBALANCE_IN_PROGRESS'));
    await settle();
    expect(committer.isBehind(p1)).toBe(false);
    // t-1@6 superseded the failed t-1@5 and went out; t-0@20 is in flight.
    expect(requests.slice(2).map((request) => request.offsets)).toEqual([['t-0@20'], ['t-1@6']]);
    requests[2]!.finish(new Error('NOT_COORDINATOR'));
    requests[3]!.finish();
    await settle();
    // t-0@20 failed and nothing newer came: flush sends it again.
    const flushed = committer.flush();
    await settle();
    expect(requests.at(-1)!.offsets).toEqual(['t-0@20']);
    requests.at(-1)!.finish();
    await flushed;
    expect(sent()).toBe(5);
  });

  it('drops the offset of a partition taken away after it was handed in', async () => {
    const { committer, requests } = harness();
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 1);
    await settle();
    committer.commit(p0, 2);
    committer.commit(p1, 3);
    p1.rebalanced(false);
    p1.rebalanced(true);
    await settle();
    requests[0]!.finish();
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@1'], ['t-0@2']]);
  });

  it('reports a failed request and goes on; flush waits for everything handed in', async () => {
    const { committer, requests, errors } = harness();
    const p0 = new PartitionQueue('t', 0);
    committer.commit(p0, 1);
    await settle();
    committer.commit(p0, 2);
    let flushed = false;
    const flushing = committer.flush().then(() => (flushed = true));
    requests[0]!.finish(new Error('REBALANCE_IN_PROGRESS'));
    await settle();
    // t-0@2 supersedes the failed t-0@1: only it is sent next.
    expect(errors).toEqual([['t-0@1', 'retrying']]);
    expect(flushed).toBe(false);
    requests[1]!.finish();
    await flushing;
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@1'], ['t-0@2']]);
  });

  it('sends a failed offset again after a pause while the partition is held, and gives up after five failures', async () => {
    const { committer, requests, errors } = harness(5);
    const p0 = new PartitionQueue('t', 0);
    committer.commit(p0, 7);
    for (let failure = 1; failure <= 5; failure += 1) {
      await settle();
      expect(requests).toHaveLength(failure);
      requests.at(-1)!.finish(new Error('REBALANCE_IN_PROGRESS'));
      await pause(20);
    }
    expect(requests.map((request) => request.offsets)).toEqual(Array.from({ length: 5 }, () => ['t-0@7']));
    expect(errors.map((error) => error.at(-1))).toEqual(['retrying', 'retrying', 'retrying', 'retrying', 'given up']);
    await pause(20);
    expect(requests).toHaveLength(5);
  });

  it('drops a retry once the partition is taken away, or once a newer offset is handed in', async () => {
    const { committer, requests } = harness(5);
    const [p0, p1] = [new PartitionQueue('t', 0), new PartitionQueue('t', 1)];
    committer.commit(p0, 1);
    await settle();
    requests[0]!.finish(new Error('REBALANCE_IN_PROGRESS'));
    await settle();
    p0.rebalanced(false);
    await pause(20);
    expect(requests).toHaveLength(1);

    committer.commit(p1, 1);
    await settle();
    requests[1]!.finish(new Error('NOT_COORDINATOR'));
    await settle();
    committer.commit(p1, 9);
    await settle();
    requests[2]!.finish();
    await pause(20);
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@1'], ['t-1@1'], ['t-1@9']]);
  });

  it('flush sends waiting retries at once and leaves no timer behind', async () => {
    const { committer, requests } = harness(60_000);
    const p0 = new PartitionQueue('t', 0);
    committer.commit(p0, 3);
    await settle();
    requests[0]!.finish(new Error('REBALANCE_IN_PROGRESS'));
    await settle();
    const flushed = committer.flush();
    await settle();
    expect(requests.map((request) => request.offsets)).toEqual([['t-0@3'], ['t-0@3']]);
    requests[1]!.finish();
    await flushed;
  });
});

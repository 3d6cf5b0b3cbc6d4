import { InvocationHistory } from '../../../../local/poller/console/invocation-history';
import type { InvocationReport } from '../../../../local/poller/delivery/batch-runner';

const finished = (requestId: string, status: 'success' | 'error' = 'success'): InvocationReport => ({
  requestId,
  partitions: ['orders-0'],
  firstOffset: 0,
  lastOffset: 1,
  records: 2,
  bytes: 300,
  attempt: 0,
  outcome: status === 'success' ? { status, response: null, durationMs: 4 } : { status, durationMs: 4, errorType: 'Error', errorMessage: 'boom' },
});

describe('InvocationHistory', () => {
  it('keeps the latest invocations with their events, tells listeners of each, and forgets the oldest', () => {
    const history = new InvocationHistory('consume', 2);
    const heard: string[] = [];
    history.onInvocation((entry) => heard.push(`${entry.requestId}:${entry.outcome}`));
    for (const id of ['a', 'b', 'c']) {
      history.invoking(id, `{"id":"${id}"}`);
      history.finished(finished(id, id === 'c' ? 'error' : 'success'));
    }
    expect(heard).toEqual(['a:success', 'b:success', 'c:error']);
    expect(history.latest().map((entry) => entry.requestId)).toEqual(['b', 'c']);
    expect(history.latest()[1]).toMatchObject({ function: 'consume', errorType: 'Error', errorMessage: 'boom', records: 2, durationMs: 4 });
    expect(history.event('c')).toBe('{"id":"c"}');
    expect(history.event('a')).toBeUndefined();
  });

  it('does not keep an event larger than 1 MB, and says so', () => {
    const history = new InvocationHistory('consume');
    history.invoking('big', 'x'.repeat(1024 * 1024 + 1));
    history.finished(finished('big'));
    expect(history.event('big')).toBe('too-large');
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionProblem } from '../../../../local/poller/connection/connection-problem';
import { keepConnecting } from '../../../../local/poller/connection/keep-connecting';

const RETRY_BASE_MS = 20;

describe('keepConnecting', () => {
  it('resolves true when the first attempt starts the mapping', async () => {
    const onProblem = jest.fn();

    await expect(keepConnecting(async () => undefined, { onProblem, signal: new AbortController().signal })).resolves.toBe(true);
    expect(onProblem).not.toHaveBeenCalled();
  });

  it('rejects at once when the mapping cannot start for a reason other than its connection', async () => {
    const failure = new Error('the handler file is missing');

    await expect(keepConnecting(() => Promise.reject(failure), { onProblem: jest.fn(), signal: new AbortController().signal })).rejects.toBe(failure);
  });

  it('reports each failed attempt and tries again, the delay doubling, until one works', async () => {
    const problems: string[] = [];
    const attemptedAt: number[] = [];
    const attempt = async () => {
      attemptedAt.push(Date.now());
      if (attemptedAt.length < 4) throw new ConnectionProblem(`refused ${attemptedAt.length}`);
    };

    await expect(keepConnecting(attempt, { onProblem: (problem) => problems.push(problem.message), signal: new AbortController().signal, retryBaseMs: RETRY_BASE_MS })).resolves.toBe(false);
    expect(problems).toEqual(['refused 1']);
    await sleep(20 * RETRY_BASE_MS);

    expect(problems).toEqual(['refused 1', 'refused 2', 'refused 3']);
    expect(attemptedAt).toHaveLength(4);
    const delays = attemptedAt.slice(1).map((at, index) => at - attemptedAt[index]!);
    expect(delays.map((delay, index) => delay >= RETRY_BASE_MS * 2 ** index - 2)).toEqual([true, true, true]);
  });

  it('stops trying once aborted', async () => {
    const stop = new AbortController();
    let attempts = 0;
    const attempt = async () => {
      attempts += 1;
      throw new ConnectionProblem('refused');
    };

    await keepConnecting(attempt, { onProblem: () => undefined, signal: stop.signal, retryBaseMs: RETRY_BASE_MS });
    stop.abort();
    await sleep(5 * RETRY_BASE_MS);

    expect(attempts).toBe(1);
  });
});

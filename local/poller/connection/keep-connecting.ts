import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectionProblem, connectionProblem } from './connection-problem';

/** A mapping that cannot connect tries again after this, doubling per attempt up to 30 s, as AWS's mapping keeps trying. */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export interface KeepConnectingOptions {
  /** Each failed attempt's problem, the first one included. */
  onProblem(problem: ConnectionProblem): void;
  /** Stops the retries. */
  signal: AbortSignal;
  /** The first retry's delay; doubles per attempt up to 30 s. */
  retryBaseMs?: number;
}

/**
 * Runs `attempt` (connect, then start the mapping) and resolves once the first try is over: true
 * when it started, false when it failed to connect and goes on trying in the background. A first
 * attempt that fails for another reason rejects, as a mapping that cannot start at all stops the
 * service; later ones count as problems too, since the mapping ran before.
 */
export async function keepConnecting(attempt: () => Promise<void>, options: KeepConnectingOptions): Promise<boolean> {
  try {
    await attempt();
    return true;
  } catch (error) {
    if (!(error instanceof ConnectionProblem)) throw error;
    options.onProblem(error);
  }
  void (async () => {
    for (let failures = 1; !options.signal.aborted; failures += 1) {
      const delayMs = Math.min(RETRY_MAX_MS, (options.retryBaseMs ?? RETRY_BASE_MS) * 2 ** (failures - 1));
      if (!(await sleep(delayMs, true, { signal: options.signal }).catch(() => false))) return;
      try {
        await attempt();
        return;
      } catch (error) {
        if (!options.signal.aborted) options.onProblem(connectionProblem(error, undefined, 'the brokers'));
      }
    }
  })();
  return false;
}

import { setTimeout as sleep } from 'node:timers/promises';

export interface LoopResult {
  /** Requests that succeeded. */
  completed: number;
  failed: number;
  elapsedMs: number;
  /** Of the successful requests, in the order they finished. */
  latenciesMs: number[];
  /** The first few failures, to say why. */
  failures: string[];
}

export interface LoopOptions {
  concurrency: number;
  durationMs: number;
  /** A hard cap on requests, whatever the duration. */
  maxRequests: number;
}

/**
 * `concurrency` clients, each sending its next request as soon as its last one is answered,
 * for `durationMs` (and at most `maxRequests` in all). `send(client)` resolves true on success, else says what failed.
 */
export async function closedLoop(options: LoopOptions, send: (client: number) => Promise<true | string>): Promise<LoopResult> {
  const result: LoopResult = { completed: 0, failed: 0, elapsedMs: 0, latenciesMs: [], failures: [] };
  let issued = 0;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const client = async (index: number): Promise<void> => {
    while (performance.now() < deadline && issued < options.maxRequests) {
      issued += 1;
      const sent = performance.now();
      const outcome = await send(index).catch((error: Error) => error.message);
      if (outcome === true) {
        result.completed += 1;
        result.latenciesMs.push(performance.now() - sent);
      } else {
        result.failed += 1;
        if (result.failures.length < 5) result.failures.push(String(outcome));
        // A failing target is not hammered: back off a little before the next request.
        await sleep(50);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => client(index)));
  result.elapsedMs = performance.now() - started;
  return result;
}

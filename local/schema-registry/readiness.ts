import { setTimeout as sleep } from 'node:timers/promises';
import type { WaitOptions } from '../launcher';

export class SchemaRegistryNotReadyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SchemaRegistryNotReadyError';
  }
}

/** Resolves once `url` (the Confluent-compatible API) lists its subjects: a port that merely accepts connections is not enough. */
export async function waitForSchemaRegistry(url: string, options: WaitOptions): Promise<void> {
  const started = Date.now();
  let nextReport = started + 1_000;
  let lastProblem = 'no answer yet';
  while (Date.now() - started < options.timeoutMs) {
    const fatal = options.failFast?.();
    if (fatal) throw new SchemaRegistryNotReadyError(fatal);
    try {
      const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    }
    if (Date.now() >= nextReport) {
      options.onWait?.(Date.now() - started);
      nextReport = Date.now() + 1_000;
    }
    await sleep(200);
  }
  throw new SchemaRegistryNotReadyError(`the schema registry at ${url} did not list its subjects within ${options.timeoutMs / 1000}s (${lastProblem})`);
}

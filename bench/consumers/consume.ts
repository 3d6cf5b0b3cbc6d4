import path from 'node:path';
import { BenchChild } from '../child-process';
import type { ConsumerResult, ConsumerSpec } from './consumer-run';
import type { FloorConsumerSpec } from './floor-consumer';
import type { PollerConsumerSpec } from './poller-consumer';

/** A consumer child that has not read its records by then is stuck, not slow. */
const CHILD_TIMEOUT_MS = 300_000;
const NOOP_HANDLER = path.join(__dirname, '..', 'handlers', 'noop.ts');

/** Runs one consumer child (`kafkajs-consumer.ts`, `floor-consumer.ts` or `poller-consumer.ts`) until it has read its records. */
export async function consume(file: 'kafkajs-consumer.ts' | 'floor-consumer.ts' | 'poller-consumer.ts', spec: ConsumerSpec | FloorConsumerSpec | PollerConsumerSpec): Promise<ConsumerResult> {
  const child = new BenchChild(path.join(__dirname, file), spec, CHILD_TIMEOUT_MS);
  try {
    const result = await child.message<ConsumerResult>('result');
    await child.finished();
    return result;
  } finally {
    await child.stop();
  }
}

/** A poller on `base`'s topic delivering to a no-op handler, with no batching window. */
export function noopPollerSpec(base: ConsumerSpec, batchSize: number): PollerConsumerSpec {
  return { ...base, batchSize, batchingWindowMs: 0, handlerFile: NOOP_HANDLER, environment: {} };
}

export const recordsPerSecond = (result: ConsumerResult): number => result.records / (result.elapsedMs / 1000);

import path from 'node:path';
import { LOCAL_STATE_DIR } from '../../../local/config';

/**
 * The chaos suite's own Kafka clusters and DynamoDB Local instances: their own names (state
 * folders) and ports, clear of the developer's stack (9092, 8000) and of the integration tests',
 * so a scenario can kill and stop them without touching anyone else's.
 */
export const CHAOS_KAFKA = { name: 'chaos', brokers: 1, basePort: 29092, controllerBasePort: 29192 } as const;
/** Scenario 3 loses one of these brokers. */
export const CHAOS_THREE_BROKERS = { name: 'chaos-three-brokers', brokers: 3, basePort: 29292, controllerBasePort: 29392 } as const;
export const CHAOS_DYNAMODB = { name: 'chaos', port: 28000 } as const;
/** Scenario 6 stops this one mid-run. */
export const CHAOS_STORE_OUTAGE_DYNAMODB = { name: 'chaos-store-outage', port: 28001 } as const;

/** Where each scenario appends its figures (one JSON line), for the table printed at the end. */
export const FIGURES_FILE = path.join(LOCAL_STATE_DIR, 'chaos', 'figures.jsonl');
/** The last run's table, as printed. */
export const FIGURES_TABLE_FILE = path.join(LOCAL_STATE_DIR, 'chaos', 'figures.md');

export type ChaosScale = 'full' | 'ci';

/** `CHAOS_SCALE=ci` runs every scenario with fewer messages, to fit CI's time budget. */
export function chaosScale(env: NodeJS.ProcessEnv = process.env): ChaosScale {
  const scale = env.CHAOS_SCALE ?? 'full';
  if (scale !== 'full' && scale !== 'ci') throw new Error(`CHAOS_SCALE must be full or ci, not '${scale}'`);
  return scale;
}

/** A scenario's message count at this run's scale. */
export function messageCount(counts: Record<ChaosScale, number>): number {
  return counts[chaosScale()];
}

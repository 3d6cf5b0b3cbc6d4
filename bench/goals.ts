import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../local/config';

/** A target a figure is held to; `met` receives the figure's median. */
export interface Goal {
  text: string;
  met(median: number): boolean;
}

const BUDGET_TEST = path.join(PROJECT_ROOT, 'test/unit/deploy/package-template.test.ts');

/**
 * The bundle budgets live in the package template test, which fails a deploy build that grows
 * past them; the bench reads them from there rather than keeping a second copy.
 */
export function bundleBudgets(): Record<string, number> {
  const source = fs.readFileSync(BUDGET_TEST, 'utf8');
  const block = /BUNDLE_BUDGET_BYTES[^{]*\{([^}]*)\}/.exec(source)?.[1];
  if (!block) throw new Error(`no BUNDLE_BUDGET_BYTES in ${BUDGET_TEST}`);
  return Object.fromEntries([...block.matchAll(/(\w+):\s*([\d_]+)/g)].map(([, name, bytes]) => [name!, Number(bytes!.replaceAll('_', ''))]));
}

const atLeast = (minimum: number): Goal => ({ text: `>= ${minimum}`, met: (median) => median >= minimum });
const atMost = (maximum: number): Goal => ({ text: `<= ${maximum}`, met: (median) => median <= maximum });
const under = (limit: number): Goal => ({ text: `< ${limit.toLocaleString('en')}`, met: (median) => median < limit });

/** The goals of the brief, by figure key; figures without one are reported as measured. */
export function goalFor(key: string, budgets: Record<string, number>): Goal | undefined {
  if (key === 'poller_vs_kafkajs') return atLeast(0.9);
  if (key === 'e2e_p99_ms') return atMost(25);
  if (key === 'http_vs_kafkajs_c16') return atLeast(0.5);
  if (key === 'poller_rss_mb') return atMost(200);
  if (key.startsWith('cold_init_ms_')) return atMost(150);
  const bundle = /^bundle_bytes_(\w+)$/.exec(key)?.[1];
  const budget = bundle === undefined ? undefined : budgets[bundle];
  return budget === undefined ? undefined : under(budget);
}

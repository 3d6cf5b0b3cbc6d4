/** A target a figure is held to; `met` receives the figure's median. */
export interface Goal {
  text: string;
  met(median: number): boolean;
}

const atLeast = (minimum: number): Goal => ({ text: `>= ${minimum}`, met: (median) => median >= minimum });
const atMost = (maximum: number): Goal => ({ text: `<= ${maximum}`, met: (median) => median <= maximum });
const under = (limit: number): Goal => ({ text: `< ${limit.toLocaleString('en')}`, met: (median) => median < limit });

/** The goals of the brief, by figure key; figures without one are reported as measured. */
export function goalFor(key: string, budgets: Record<string, number>): Goal | undefined {
  if (key === 'poller_vs_floor') return atLeast(0.9);
  if (key === 'poller_batch100_vs_batch1000') return atLeast(0.7);
  if (key === 'poller_rss_vs_floor') return atMost(1.3);
  if (key === 'e2e_p99_ms') return atMost(25);
  if (key === 'http_vs_kafkajs_c16') return atLeast(0.5);
  if (key.startsWith('cold_init_ms_')) return atMost(150);
  // Each function's cold init against importing zod alone, in the same round: the goal.
  if (key.startsWith('cold_init_vs_zod_')) return atMost(3);
  const bundle = /^bundle_bytes_(\w+)$/.exec(key)?.[1];
  const budget = bundle === undefined ? undefined : budgets[bundle];
  return budget === undefined ? undefined : under(budget);
}

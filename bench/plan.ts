/** How much a bench run measures: `--quick` trades precision for a run under three minutes. */
export interface BenchPlan {
  quick: boolean;
  /** Each scenario is measured this many times; the report gives the median, min and max. */
  runs: number;
  /** Records the consumers of the throughput scenario read, each run. */
  throughputRecords: number;
  /** Seconds of load per concurrency level, per run (after a warm-up). */
  httpSeconds: number;
  httpConcurrency: readonly number[];
  /** Records Kafka's ProducerPerformance sends, per run. */
  javaProducerRecords: number;
  /** Messages per end-to-end run, sent at `e2eRatePerSecond`. */
  e2eMessages: number;
  e2eRatePerSecond: number;
  /** Fresh Node processes per function for the cold start. */
  coldStarts: number;
}

const FULL: BenchPlan = {
  quick: false,
  runs: 3,
  throughputRecords: 200_000,
  httpSeconds: 5,
  httpConcurrency: [1, 16, 64],
  javaProducerRecords: 200_000,
  e2eMessages: 2_000,
  e2eRatePerSecond: 100,
  coldStarts: 10,
};

const QUICK: BenchPlan = {
  ...FULL,
  quick: true,
  runs: 2,
  throughputRecords: 60_000,
  httpSeconds: 2,
  javaProducerRecords: 100_000,
  e2eMessages: 300,
  coldStarts: 5,
};

export function benchPlan(quick: boolean): BenchPlan {
  return quick ? QUICK : FULL;
}

export function describePlan(plan: BenchPlan): string {
  return [
    `${plan.runs} runs of each scenario`,
    `${plan.throughputRecords.toLocaleString('en')} records per consumer run`,
    `${plan.httpSeconds} s of HTTP load per concurrency (${plan.httpConcurrency.join(', ')})`,
    `${plan.e2eMessages.toLocaleString('en')} end-to-end messages at ${plan.e2eRatePerSecond}/s per window`,
    `${plan.coldStarts} cold starts per function`,
  ].join(', ');
}

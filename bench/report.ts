import fs from 'node:fs';
import type { Summary } from './stats';
import type { Goal } from './goals';

export type Summaries = Map<string, Summary & { runs: number }>;

/** Whole numbers for rates, sizes and memory; two decimals for ratios and small latencies. */
export function formatValue(value: number): string {
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  return value.toFixed(2);
}

/** The figures as a plain-text table: one row per figure, with its goal and whether the median meets it. */
export function formatTable(summaries: Summaries, goalFor: (key: string) => Goal | undefined): string {
  const rows = [['figure', 'median', 'min', 'max', 'runs', 'goal']];
  for (const [key, { median, min, max, runs }] of summaries) {
    const goal = goalFor(key);
    const verdict = goal ? `${goal.text} ${goal.met(median) ? 'met' : 'MISSED'}` : '';
    rows.push([key, formatValue(median), formatValue(min), formatValue(max), String(runs), verdict]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd())
    .join('\n');
}

/** `{"poller_rps": {"median": .., "min": .., "max": ..}, ...}`: one key per figure. */
export function writeJson(file: string, summaries: Summaries): void {
  const figures = Object.fromEntries([...summaries].map(([key, { median, min, max }]) => [key, { median, min, max }]));
  fs.writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}

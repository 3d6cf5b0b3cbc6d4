import fs from 'node:fs';
import { figuresOf, type Figures, type Observation } from './figures';
import { FIGURES_FILE, FIGURES_TABLE_FILE } from './stack';

/** Appends a scenario's figures for the table printed once the suite ends; call it before asserting, so a failure still shows them. */
export function recordFigures(figures: Figures): void {
  fs.appendFileSync(FIGURES_FILE, `${JSON.stringify(figures)}\n`);
}

/** The scenario's figures from what it observed, recorded for the table. */
export function report(scenario: string, observation: Observation, note: string): Figures {
  const figures = figuresOf(scenario, observation, note);
  recordFigures(figures);
  return figures;
}

/** 20000 as 20,000, for the table and the scenarios' notes. */
export const thousands = (value: number): string => value.toLocaleString('en-US');

/** The recorded figures as a Markdown table: what docs/reliability.md shows. */
export function figuresTable(rows: readonly Figures[]): string {
  const lines = [
    '| scenario | sent | delivered | lost | duplicated | out of order | what happened |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map((row) =>
      `| ${row.scenario} | ${thousands(row.sent)} | ${thousands(row.delivered)} | ${thousands(row.lost)} | ${thousands(row.duplicated)} | ${row.outOfOrder === null ? '—' : thousands(row.outOfOrder)} | ${row.note} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Prints the table of every scenario that ran, and keeps it in FIGURES_TABLE_FILE. */
export function printFiguresTable(): void {
  if (!fs.existsSync(FIGURES_FILE)) return;
  const rows = fs
    .readFileSync(FIGURES_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Figures)
    .sort((a, b) => a.scenario.localeCompare(b.scenario, 'en', { numeric: true }));
  const table = figuresTable(rows);
  fs.writeFileSync(FIGURES_TABLE_FILE, table);
  console.log(`\nReliability figures (${FIGURES_TABLE_FILE}):\n\n${table}`);
}

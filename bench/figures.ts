import { summarize, type Summary } from './stats';

/** Every value each figure took, one per run, in the order the scenarios first report them. */
export class Figures {
  private readonly samples = new Map<string, number[]>();

  add(key: string, value: number): void {
    if (!Number.isFinite(value)) throw new RangeError(`${key}: ${value} is not a measurement`);
    const values = this.samples.get(key) ?? [];
    values.push(value);
    this.samples.set(key, values);
  }

  /** `numerator / denominator` of this run, for figures stated against a baseline. */
  addRatio(key: string, numerator: number, denominator: number): void {
    this.add(key, numerator / denominator);
  }

  summaries(): Map<string, Summary & { runs: number }> {
    return new Map([...this.samples].map(([key, values]) => [key, { ...summarize(values), runs: values.length }]));
  }
}

import { median, percentile, summarize } from '../../../bench/stats';

describe('bench statistics', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1, 10], 10],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('takes percentiles by nearest rank: always a measured value', () => {
    const latencies = Array.from({ length: 2_000 }, (_, index) => 2_000 - index);
    expect(percentile(latencies, 50)).toBe(1_000);
    expect(percentile(latencies, 99)).toBe(1_980);
    expect(percentile(latencies, 100)).toBe(2_000);
    expect(percentile(latencies, 0)).toBe(1);
    expect(percentile([7, 3], 95)).toBe(7);
  });

  it('summarises runs as median, min and max without reordering the caller’s array', () => {
    const runs = [30, 10, 20];
    expect(summarize(runs)).toEqual({ median: 20, min: 10, max: 30 });
    expect(runs).toEqual([30, 10, 20]);
  });

  it.each([
    ['no values', [], 50],
    ['a value that is not a number', [1, Number.NaN], 50],
    ['a percentile out of range', [1, 2], 101],
  ])('refuses %s', (_, values, p) => {
    expect(() => percentile(values, p)).toThrow(RangeError);
  });
});

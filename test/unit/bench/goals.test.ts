import { goalFor } from '../../../bench/goals';
import { BUNDLE_BUDGET_BYTES } from '../../../deploy/bundle-budgets';

describe('bench goals', () => {
  it('has a bundle budget for every function', () => {
    const budgets = BUNDLE_BUDGET_BYTES;
    expect(Object.keys(budgets).sort()).toEqual(['createMessage', 'listNotifications', 'processNotifications']);
    expect(Object.values(budgets).every((bytes) => bytes > 40_000)).toBe(true);
  });

  it.each([
    ['poller_vs_floor', 0.95, true],
    ['poller_vs_floor', 0.4, false],
    ['poller_batch100_vs_batch1000', 0.7, true],
    ['poller_batch100_vs_batch1000', 0.45, false],
    ['poller_rss_vs_floor', 1.3, true],
    ['poller_rss_vs_floor', 1.31, false],
    ['e2e_p99_ms', 25, true],
    ['e2e_p99_ms', 25.1, false],
    ['cold_init_ms_createMessage', 149, true],
    ['cold_init_vs_zod_processNotifications', 3, true],
    ['cold_init_vs_zod_processNotifications', 3.01, false],
    ['bundle_bytes_listNotifications', BUNDLE_BUDGET_BYTES.listNotifications! - 1, true],
    ['bundle_bytes_listNotifications', BUNDLE_BUDGET_BYTES.listNotifications!, false],
  ])('holds %s at %d to its goal: met %s', (key, median, met) => {
    expect(goalFor(key, BUNDLE_BUDGET_BYTES)?.met(median)).toBe(met);
  });

  it('sets no goal for figures that only explain others', () => {
    expect(goalFor('kafkajs_rps', {})).toBeUndefined();
    expect(goalFor('poller_vs_kafkajs', {})).toBeUndefined();
    expect(goalFor('floor_rps', {})).toBeUndefined();
    expect(goalFor('bundle_bytes_unknownFunction', {})).toBeUndefined();
  });
});

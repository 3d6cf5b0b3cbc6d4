import type { EsmSettings } from './esm-settings';

/**
 * The one place that keeps Queue-mode mappings from running locally, until the poller reads
 * share groups: `serverless package` deploys them, the poller refuses to start them.
 */
export function refuseQueueModeLocally(mappings: readonly EsmSettings[]): void {
  const queued = mappings.filter((mapping) => mapping.consumptionMode === 'Queue').map((mapping) => mapping.functionName);
  if (queued.length > 0) {
    throw new Error(`${queued.join(', ')}: consumptionMode Queue (Kafka share groups) deploys, but the local poller does not run it yet; use Stream (the default) locally`);
  }
}

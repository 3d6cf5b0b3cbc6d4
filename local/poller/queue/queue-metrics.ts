import { Gauge, type Registry } from 'prom-client';
import type { QueueCounts } from './queue-counts';

type Labels = 'function' | 'topic';

/** `/metrics` names of a Queue mapping's counts; none of them is one of AWS's metrics. */
const QUEUE_METRICS: Record<keyof QueueCounts, { name: string; help: string }> = {
  acquired: { name: 'ShareGroupAcquiredEventCount', help: 'Records the share group handed this mapping under an acquisition lock, re-deliveries included (local poller, Queue mode)' },
  inFlight: { name: 'ShareGroupInFlightEventCount', help: 'Records acquired and not yet acknowledged (local poller, Queue mode)' },
  accepted: { name: 'ShareGroupAcceptedEventCount', help: 'Records acknowledged ACCEPT: processed, or filtered out (local poller, Queue mode)' },
  released: { name: 'ShareGroupReleasedEventCount', help: 'Records acknowledged RELEASE: failed, to be delivered again (local poller, Queue mode)' },
  rejected: { name: 'ShareGroupRejectedEventCount', help: 'Records acknowledged REJECT: given up on, after the on-failure destination (local poller, Queue mode)' },
  renewed: { name: 'ShareGroupLockRenewalCount', help: 'Record locks renewed under a running invocation (local poller, Queue mode)' },
};

/**
 * The Queue mappings' counts as Prometheus gauges beside AWS's metrics, read from each mapping's
 * poller when scraped. One per registry; a mapping added again (a poller restarted) replaces its entry.
 */
export class QueueMetrics {
  private readonly sources = new Map<string, { labels: Record<Labels, string>; counts: () => QueueCounts }>();

  constructor(registry: Registry) {
    const sources = this.sources;
    for (const [field, { name, help }] of Object.entries(QUEUE_METRICS) as [keyof QueueCounts, { name: string; help: string }][]) {
      new Gauge<Labels>({
        name,
        help,
        labelNames: ['function', 'topic'],
        registers: [registry],
        collect() {
          this.reset();
          for (const { labels, counts } of sources.values()) this.set(labels, counts()[field]);
        },
      });
    }
  }

  add(functionName: string, topic: string, counts: () => QueueCounts): void {
    this.sources.set(`${functionName}\u0000${topic}`, { labels: { function: functionName, topic }, counts });
  }
}

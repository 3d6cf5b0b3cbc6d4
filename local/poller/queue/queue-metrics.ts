import { Counter, Gauge, type Registry } from 'prom-client';
import type { QueueCounts } from './queue-counts';

type Labels = 'function' | 'topic';

const PREFIX = 'lambda_event_source_mapping_share_group_';

/**
 * `/metrics` names of a Queue mapping's counts, in Prometheus's conventions as AWS's metrics are
 * (metrics/metric-names.ts); none of them is one of AWS's metrics. All but `inFlight` only grow.
 */
const QUEUE_METRICS: Record<keyof QueueCounts, { name: string; help: string }> = {
  acquired: { name: `${PREFIX}acquired_events_total`, help: 'Records the share group handed this mapping under an acquisition lock, re-deliveries included (local poller, Queue mode)' },
  inFlight: { name: `${PREFIX}in_flight_events`, help: 'Records acquired and not yet acknowledged (local poller, Queue mode)' },
  accepted: { name: `${PREFIX}accepted_events_total`, help: 'Records acknowledged ACCEPT: processed, or filtered out (local poller, Queue mode)' },
  released: { name: `${PREFIX}released_events_total`, help: 'Records acknowledged RELEASE: failed, to be delivered again (local poller, Queue mode)' },
  rejected: { name: `${PREFIX}rejected_events_total`, help: 'Records acknowledged REJECT: given up on, after the on-failure destination (local poller, Queue mode)' },
  renewed: { name: `${PREFIX}lock_renewals_total`, help: 'Record locks renewed under a running invocation (local poller, Queue mode)' },
};

/**
 * The Queue mappings' counts as Prometheus counters (and the in-flight gauge) beside AWS's metrics, read from each mapping's
 * poller when scraped. One per registry; a mapping added again (a poller restarted) replaces its entry.
 */
export class QueueMetrics {
  private readonly sources = new Map<string, { labels: Record<Labels, string>; counts: () => QueueCounts }>();

  constructor(registry: Registry) {
    const sources = this.sources;
    for (const [field, { name, help }] of Object.entries(QUEUE_METRICS) as [keyof QueueCounts, { name: string; help: string }][]) {
      const configuration = { name, help, labelNames: ['function', 'topic'] as Labels[], registers: [registry] };
      if (field === 'inFlight') {
        new Gauge<Labels>({
          ...configuration,
          collect() {
            this.reset();
            for (const { labels, counts } of sources.values()) this.set(labels, counts()[field]);
          },
        });
      } else {
        new Counter<Labels>({
          ...configuration,
          collect() {
            this.reset();
            for (const { labels, counts } of sources.values()) this.inc(labels, counts()[field]);
          },
        });
      }
    }
  }

  add(functionName: string, topic: string, counts: () => QueueCounts): void {
    this.sources.set(`${functionName}\u0000${topic}`, { labels: { function: functionName, topic }, counts });
  }
}

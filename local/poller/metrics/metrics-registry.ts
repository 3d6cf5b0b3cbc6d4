import { Counter, Gauge, Registry } from 'prom-client';
import { METRIC_GROUP_NAMES, type MetricGroup } from '../aws-limits';
import { ERROR_COUNTS, EVENT_COUNTS, LAG_METRICS, METRIC_GROUP_GAUGE, METRIC_GROUP_HELP, PROMETHEUS_NAMES, prometheusHelp, type CountName, type LagName } from './metric-names';
import { lagMetrics, MappingMetrics, type PartitionLag } from './mapping-metrics';

type Labels = 'function' | 'topic';

interface LagSource {
  labels: { function: string; topic: string };
  partitions: () => Promise<readonly PartitionLag[] | 'unknown'>;
}

/**
 * A service's mappings' metrics in one prom-client registry, labelled by function and topic, named
 * in Prometheus's conventions (`PROMETHEUS_NAMES`; AWS's name is in each `HELP` line).
 * The lag gauges ask each mapping's partitions when scraped, so `/metrics` is never stale.
 */
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly counters: Record<CountName, Counter<Labels>>;
  private readonly groupGauge: Gauge<Labels | 'group'>;
  private readonly lagSources: LagSource[] = [];
  private lagScrape: Promise<{ labels: LagSource['labels']; lag: Record<LagName, number> | undefined }[]> | undefined;

  constructor() {
    const registers = [this.registry];
    this.counters = Object.fromEntries(
      [...EVENT_COUNTS, ...ERROR_COUNTS].map((name) => [name, new Counter<Labels>({ name: PROMETHEUS_NAMES[name], help: prometheusHelp(name), labelNames: ['function', 'topic'], registers })]),
    ) as Record<CountName, Counter<Labels>>;
    this.groupGauge = new Gauge({ name: METRIC_GROUP_GAUGE, help: METRIC_GROUP_HELP, labelNames: ['function', 'topic', 'group'], registers });
    for (const name of LAG_METRICS) {
      const scrape = (): ReturnType<MetricsRegistry['scrapeLag']> => this.scrapeLag();
      new Gauge<Labels>({
        name: PROMETHEUS_NAMES[name],
        help: prometheusHelp(name),
        labelNames: ['function', 'topic'],
        registers,
        async collect() {
          this.reset();
          for (const { labels, lag } of await scrape()) if (lag) this.set(labels, lag[name]);
        },
      });
    }
  }

  /**
   * A mapping's counters for the groups its `MetricsConfig` enables, set at 0 so `/metrics` lists
   * them before its first record; each group's gauge says whether it is on.
   */
  mapping(functionName: string, topic: string, partitions: LagSource['partitions'], groups: readonly MetricGroup[]): MappingMetrics {
    const labels = { function: functionName, topic };
    const metrics = new MappingMetrics(this.counters, labels, groups);
    for (const group of METRIC_GROUP_NAMES) this.groupGauge.set({ ...labels, group }, groups.includes(group) ? 1 : 0);
    for (const name of [...EVENT_COUNTS, ...ERROR_COUNTS]) if (metrics.enables(name)) this.counters[name].inc(labels, 0);
    if (groups.includes('KafkaMetrics')) this.lagSources.push({ labels, partitions });
    return metrics;
  }

  /** Prometheus text exposition. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** One lag request per mapping for both gauges of a scrape. */
  private scrapeLag(): Promise<{ labels: LagSource['labels']; lag: Record<LagName, number> | undefined }[]> {
    this.lagScrape ??= Promise.all(
      this.lagSources.map(async ({ labels, partitions }) => {
        const current = await partitions();
        return { labels, lag: current === 'unknown' ? undefined : lagMetrics(current) };
      }),
    ).finally(() => setImmediate(() => (this.lagScrape = undefined)));
    return this.lagScrape;
  }
}

import { Counter, Gauge, Registry } from 'prom-client';
import { ERROR_COUNTS, EVENT_COUNTS, LAG_METRICS, PROMETHEUS_NAMES, prometheusHelp, type CountName, type LagName } from './metric-names';
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
  private readonly lagSources: LagSource[] = [];
  private lagScrape: Promise<{ labels: LagSource['labels']; lag: Record<LagName, number> | undefined }[]> | undefined;

  constructor() {
    const registers = [this.registry];
    this.counters = Object.fromEntries(
      [...EVENT_COUNTS, ...ERROR_COUNTS].map((name) => [name, new Counter<Labels>({ name: PROMETHEUS_NAMES[name], help: prometheusHelp(name), labelNames: ['function', 'topic'], registers })]),
    ) as Record<CountName, Counter<Labels>>;
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

  /** A mapping's counters, set at 0 so `/metrics` lists it before its first record. */
  mapping(functionName: string, topic: string, partitions: LagSource['partitions']): MappingMetrics {
    const labels = { function: functionName, topic };
    for (const counter of Object.values(this.counters)) counter.inc(labels, 0);
    this.lagSources.push({ labels, partitions });
    return new MappingMetrics(this.counters, labels);
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

import type { Counter } from 'prom-client';
import type { MetricGroup } from '../aws-limits';
import { enabledMetrics, ERROR_COUNTS, EVENT_COUNTS, type CountName, type LagName, type MetricName } from './metric-names';

/** The lag of one partition, as `Poller.status()` reports it. */
export interface PartitionLag {
  partition: number;
  lag: number;
}

/** What delivery reports of an invocation, as far as the counts need it. */
export interface InvocationCounts {
  records: number;
  outcome: { status: string };
}

export type MappingCounts = Record<CountName, number>;

/**
 * One mapping's counts, told by what the mapping's pipeline reports (records polled, invoked,
 * given up on, committed); each call adds to the counts the status JSON shows and to the
 * Prometheus counters `/metrics` serves. Only the metrics of the groups the mapping's
 * `MetricsConfig` enables are kept and shown, as AWS publishes only those.
 */
export class MappingMetrics {
  private readonly counts = Object.fromEntries([...EVENT_COUNTS, ...ERROR_COUNTS].map((name) => [name, 0])) as MappingCounts;
  /** Per `<topic>-<partition>`: the offset the last count of committed records ended at. */
  private readonly committedUpTo = new Map<string, number>();
  private readonly enabled: ReadonlySet<MetricName>;

  constructor(
    private readonly counters: Record<CountName, Counter<'function' | 'topic'>>,
    private readonly labels: { function: string; topic: string },
    readonly groups: readonly MetricGroup[],
  ) {
    this.enabled = enabledMetrics(groups);
  }

  enables(name: MetricName): boolean {
    return this.enabled.has(name);
  }

  private add(name: CountName, amount = 1): void {
    if (amount <= 0 || !this.enabled.has(name)) return;
    this.counts[name] += amount;
    this.counters[name].inc(this.labels, amount);
  }

  /** `records` fetched from one partition from `firstOffset` on, of which the filter left out `filteredOut`. */
  polled(topic: string, partition: number, firstOffset: number, records: number, filteredOut: number): void {
    const key = `${topic}-${partition}`;
    if (!this.committedUpTo.has(key) && records > 0) this.committedUpTo.set(key, firstOffset);
    this.add('PolledEventCount', records);
    this.add('FilteredOutEventCount', filteredOut);
  }

  /**
   * The group handed out the partitions anew: a partition this member gets back may have been
   * committed by another meanwhile, so its count starts again from what is fetched next.
   */
  rebalanced(): void {
    this.committedUpTo.clear();
  }

  invoked(invocation: InvocationCounts): void {
    this.add('InvokedEventCount', invocation.records);
    if (invocation.outcome.status === 'success') return;
    this.add('FailedInvokeEventCount', invocation.records);
    this.add('InvokeErrorCount');
  }

  dropped(records: number): void {
    this.add('DroppedEventCount', records);
  }

  deliveredToOnFailureDestination(records: number): void {
    this.add('OnFailureDestinationDeliveredEventCount', records);
  }

  onFailureDestinationError(): void {
    this.add('OnFailureDestinationDeliveryErrorCount');
  }

  /** Offsets Kafka accepted: each counts the records between the partition's previous commit and it. */
  committed(offsets: readonly { topic: string; partition: number; offset: string }[]): void {
    for (const { topic, partition, offset } of offsets) {
      const key = `${topic}-${partition}`;
      const next = Number(offset);
      this.add('CommittedEventCount', next - (this.committedUpTo.get(key) ?? next));
      this.committedUpTo.set(key, next);
    }
  }

  commitError(): void {
    this.add('CommitErrorCount');
  }

  pollingError(): void {
    this.add('PollingErrorCount');
  }

  /** A registry that did not answer, or records it could not decode. */
  schemaRegistryError(amount = 1): void {
    this.add('SchemaRegistryErrorCount', amount);
  }

  /** The enabled counts, and the enabled lag metrics of these partitions (absent when the lag is unknown). */
  snapshot(partitions: readonly PartitionLag[] | 'unknown'): Partial<Record<MetricName, number>> {
    const all: Partial<Record<MetricName, number>> = { ...this.counts, ...(partitions !== 'unknown' && lagMetrics(partitions)) };
    return Object.fromEntries(Object.entries(all).filter(([name]) => this.enabled.has(name as MetricName)));
  }
}

export function lagMetrics(partitions: readonly PartitionLag[]): Record<LagName, number> {
  const lags = partitions.map((partition) => partition.lag);
  return { MaxOffsetLag: Math.max(0, ...lags), SumOffsetLag: lags.reduce((sum, lag) => sum + lag, 0) };
}

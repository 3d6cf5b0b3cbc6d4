import type { MetricGroup } from '../../../../local/poller/aws-limits';
import { MetricsRegistry } from '../../../../local/poller/metrics';


const ALL_GROUPS: MetricGroup[] = ['EventCount', 'ErrorCount', 'KafkaMetrics'];

function mapping(partitions: () => Promise<{ partition: number; lag: number }[] | 'unknown'> = async () => [], groups: MetricGroup[] = ALL_GROUPS) {
  const registry = new MetricsRegistry();
  return { registry, metrics: registry.mapping('consume', 'orders', partitions, groups) };
}

describe('MappingMetrics', () => {
  it('counts polled records and the filtered-out ones among them', () => {
    const { metrics } = mapping();
    metrics.polled('orders', 0, 0, 3, 1);
    metrics.polled('orders', 1, 7, 1, 1);
    expect(metrics.snapshot([])).toMatchObject({ PolledEventCount: 4, FilteredOutEventCount: 2 });
  });

  it('counts invoked records, and records and invocations that failed', () => {
    const { metrics } = mapping();
    metrics.invoked({ records: 3, outcome: { status: 'success' } });
    metrics.invoked({ records: 2, outcome: { status: 'error' } });
    metrics.invoked({ records: 2, outcome: { status: 'timeout' } });
    expect(metrics.snapshot([])).toMatchObject({ InvokedEventCount: 7, FailedInvokeEventCount: 4, InvokeErrorCount: 2 });
  });

  it('counts committed records as the distance from the first polled offset, then from the previous commit', () => {
    const { metrics } = mapping();
    metrics.polled('orders', 0, 10, 2, 0);
    metrics.committed([{ topic: 'orders', partition: 0, offset: '12' }]);
    metrics.polled('orders', 0, 12, 3, 0);
    metrics.committed([{ topic: 'orders', partition: 0, offset: '15' }]);
    // The same offset again (a retried request) is not counted twice.
    metrics.committed([{ topic: 'orders', partition: 0, offset: '15' }]);
    expect(metrics.snapshot([]).CommittedEventCount).toBe(5);
  });

  it('counts commits after a rebalance from what this member fetches next, not from its own last commit', () => {
    const { metrics } = mapping();
    metrics.polled('orders', 0, 0, 2, 0);
    metrics.committed([{ topic: 'orders', partition: 0, offset: '2' }]);
    // Another member processed 2..9 meanwhile; this one gets the partition back at 10.
    metrics.rebalanced();
    metrics.polled('orders', 0, 10, 1, 0);
    metrics.committed([{ topic: 'orders', partition: 0, offset: '11' }]);
    expect(metrics.snapshot([]).CommittedEventCount).toBe(3);
  });

  it('counts records given up on: dropped or delivered to the on-failure destination, and its errors', () => {
    const { metrics } = mapping();
    metrics.dropped(2);
    metrics.deliveredToOnFailureDestination(3);
    metrics.onFailureDestinationError();
    metrics.commitError();
    metrics.pollingError();
    expect(metrics.snapshot([])).toMatchObject({
      DroppedEventCount: 2,
      OnFailureDestinationDeliveredEventCount: 3,
      OnFailureDestinationDeliveryErrorCount: 1,
      CommitErrorCount: 1,
      PollingErrorCount: 1,
    });
  });

  it('gives MaxOffsetLag and SumOffsetLag of the partitions, and leaves them out when the lag is unknown', () => {
    const { metrics } = mapping();
    expect(metrics.snapshot([{ partition: 0, lag: 3 }, { partition: 1, lag: 5 }])).toMatchObject({ MaxOffsetLag: 5, SumOffsetLag: 8 });
    expect(metrics.snapshot('unknown')).not.toHaveProperty('MaxOffsetLag');
  });
});

describe('MetricsRegistry', () => {
  it('serves every mapping’s counts from 0 and its lag as Prometheus text, in Prometheus’s conventions with AWS’s name in HELP', async () => {
    const { registry, metrics } = mapping(async () => [{ partition: 0, lag: 4 }, { partition: 1, lag: 1 }]);
    metrics.invoked({ records: 2, outcome: { status: 'success' } });
    const { contentType, body } = await registry.text();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toContain('# TYPE lambda_event_source_mapping_invoked_events_total counter');
    expect(body).toMatch(/^# HELP lambda_event_source_mapping_invoked_events_total .* AWS: InvokedEventCount\.$/m);
    expect(body).toContain('lambda_event_source_mapping_invoked_events_total{function="consume",topic="orders"} 2');
    expect(body).toContain('lambda_event_source_mapping_commit_errors_total{function="consume",topic="orders"} 0');
    expect(body).toContain('# TYPE lambda_event_source_mapping_max_offset_lag_records gauge');
    expect(body).toContain('lambda_event_source_mapping_max_offset_lag_records{function="consume",topic="orders"} 4');
    expect(body).toContain('lambda_event_source_mapping_sum_offset_lag_records{function="consume",topic="orders"} 5');
  });

  it('leaves out the lag of a mapping whose broker did not answer', async () => {
    const { registry } = mapping(async () => 'unknown');
    expect((await registry.text()).body).not.toMatch(/^lambda_event_source_mapping_max_offset_lag_records\{/m);
  });
});

describe('MetricsConfig.Metrics gates the groups, as AWS publishes only those', () => {
  const countEverything = (metrics: ReturnType<typeof mapping>['metrics']) => {
    metrics.polled('orders', 0, 0, 2, 1);
    metrics.invoked({ records: 1, outcome: { status: 'error' } });
    metrics.commitError();
  };

  it.each([
    [['EventCount'], ['CommittedEventCount', 'DroppedEventCount', 'FailedInvokeEventCount', 'FilteredOutEventCount', 'InvokedEventCount', 'OnFailureDestinationDeliveredEventCount', 'PolledEventCount']],
    [['ErrorCount'], ['CommitErrorCount', 'InvokeErrorCount', 'OnFailureDestinationDeliveryErrorCount', 'PollingErrorCount', 'SchemaRegistryErrorCount']],
    [['KafkaMetrics'], ['MaxOffsetLag', 'SumOffsetLag']],
    [[], []],
  ] as [MetricGroup[], string[]][])('%j: status holds exactly that group’s metrics', (groups, names) => {
    const { metrics } = mapping(async () => [], groups);
    countEverything(metrics);
    expect(Object.keys(metrics.snapshot([{ partition: 0, lag: 2 }])).sort()).toEqual(names);
  });

  it('serves only the enabled groups on /metrics, and says which groups are on and off', async () => {
    const { registry, metrics } = mapping(async () => [{ partition: 0, lag: 4 }], ['ErrorCount']);
    countEverything(metrics);
    const { body } = await registry.text();
    expect(body).toContain('lambda_event_source_mapping_invoke_errors_total{function="consume",topic="orders"} 1');
    expect(body).not.toMatch(/^lambda_event_source_mapping_(invoked_events_total|polled_events_total|max_offset_lag_records)\{/m);
    expect(body).toContain('lambda_event_source_mapping_metric_group_enabled{function="consume",topic="orders",group="ErrorCount"} 1');
    expect(body).toContain('lambda_event_source_mapping_metric_group_enabled{function="consume",topic="orders",group="EventCount"} 0');
    expect(body).toContain('lambda_event_source_mapping_metric_group_enabled{function="consume",topic="orders",group="KafkaMetrics"} 0');
  });
});

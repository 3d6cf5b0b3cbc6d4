import { PROMETHEUS_NAMES } from '../../../local/poller/metrics';
import { freePorts } from '../../helpers/ports';
import { onFailureTopicSettings } from '../../helpers/on-failure-topic';
import { PollerService } from '../../helpers/poller-service';
import { pollerStatus } from '../../helpers/poller-status';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

/** `<name>{function="consume",topic="<topic>"} <value>` lines of a Prometheus text exposition. */
function samples(text: string, topic: string): Record<string, number> {
  const labels = `{function="consume",topic="${topic}"}`;
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes(labels))
      .map((line) => {
        const [name, value] = line.split(`${labels} `) as [string, string];
        return [name, Number(value)];
      }),
  );
}

describe('poller: metrics by AWS names in status, in Prometheus’s conventions on /metrics', () => {
  const broker = usePollerTestBroker();

  it('counts polled, filtered, invoked, failed and on-failure records, and serves them as status JSON and Prometheus text', async () => {
    const topic = await broker.topic('poller-metrics', 1);
    const dlq = await broker.topic('poller-metrics-dlq', 1);
    const [statusPort] = (await freePorts(19_404, [0])) as [number];
    const failing = onFailureTopicSettings(dlq, { maximumRetryAttempts: 0, metricsConfig: { metrics: ['EventCount', 'ErrorCount', 'KafkaMetrics'] } });
    const service = new PollerService({
      topic,
      statusPort,
      ...failing,
      event: { ...failing.event, batchSize: 1, maximumBatchingWindow: 0, filterPatterns: [{ value: [{ prefix: 'keep' }] }] },
      // Offset 4 is the third record the function is given: it fails, and with no retry goes to the destination.
      behaviour: { failRecords: [{ partition: 0, offset: 4 }] },
    });
    await broker.producer.send({
      topic,
      acks: -1,
      messages: ['keep-0', 'keep-1', 'skip-2', 'skip-3', 'keep-4'].map((value) => ({ partition: 0, key: value, value })),
    });
    await service.start();

    const expected = {
      PolledEventCount: 5,
      FilteredOutEventCount: 2,
      InvokedEventCount: 3,
      FailedInvokeEventCount: 1,
      DroppedEventCount: 0,
      OnFailureDestinationDeliveredEventCount: 1,
      CommittedEventCount: 5,
      PollingErrorCount: 0,
      InvokeErrorCount: 1,
      OnFailureDestinationDeliveryErrorCount: 0,
      SchemaRegistryErrorCount: 0,
      CommitErrorCount: 0,
      MaxOffsetLag: 0,
      SumOffsetLag: 0,
    };
    // The lag is read from the broker as the status is asked for: it may trail a commit counted meanwhile.
    const [mapping] = await waitUntil('the mapping committed all 5 records, with no lag left', async () => {
      const mappings = (await pollerStatus(statusPort)) as unknown as { metrics: Record<string, number> }[];
      return mappings[0]?.metrics.CommittedEventCount === 5 && mappings[0].metrics.SumOffsetLag === 0 && mappings;
    });
    expect(mapping!.metrics).toEqual(expected);

    const response = await fetch(`http://127.0.0.1:${statusPort}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE lambda_event_source_mapping_polled_events_total counter');
    expect(text).toContain('# TYPE lambda_event_source_mapping_max_offset_lag_records gauge');
    expect(samples(text, topic)).toEqual(Object.fromEntries(Object.entries(expected).map(([name, value]) => [PROMETHEUS_NAMES[name as keyof typeof PROMETHEUS_NAMES], value])));
  });
});

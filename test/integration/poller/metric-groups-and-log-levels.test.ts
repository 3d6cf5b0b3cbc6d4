import { freePorts } from '../../helpers/ports';
import { PollerService, PROVISIONED_MODE } from '../../helpers/poller-service';
import { pollerStatus } from '../../helpers/poller-status';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

interface Status {
  metrics: Record<string, number>;
  metricGroups: Record<string, string>;
  pollerGroupName?: string;
  systemLogLevel?: string;
}

/** The samples of one mapping in a Prometheus text exposition, by metric name (and group, for the group gauge). */
function samples(text: string, topic: string): Record<string, number> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes(`function="consume",topic="${topic}"`))
      .map((line) => {
        const [, name, group, value] = /^(\w+)\{[^}]*?(?:,group="(\w+)")?\} (\S+)$/.exec(line)!;
        return [group ? `${name}:${group}` : name!, Number(value)];
      }),
  );
}

const ERROR_COUNTS = ['CommitErrorCount', 'InvokeErrorCount', 'OnFailureDestinationDeliveryErrorCount', 'PollingErrorCount', 'SchemaRegistryErrorCount'];

describe('poller: MetricsConfig and LoggingConfig as AWS applies them', () => {
  const broker = usePollerTestBroker();

  it('ErrorCount only, at WARN: status and /metrics show the error counts and say the other groups are off; the log keeps only warnings', async () => {
    const topic = await broker.topic('poller-metric-groups', 1);
    const [statusPort] = (await freePorts(19_504, [0])) as [number];
    const service = new PollerService({
      topic,
      statusPort,
      event: { provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1, pollerGroupName: 'orders-group' }, batchSize: 1, maximumBatchingWindow: 0 },
      mapping: { maximumRetryAttempts: 0, metricsConfig: { metrics: ['ErrorCount'] }, loggingConfig: { systemLogLevel: 'WARN' } },
      // The second record fails; with no retry and no destination it is dropped, with a warning.
      behaviour: { failRecords: [{ partition: 0, offset: 1 }] },
    });
    await broker.producer.send({ topic, acks: -1, messages: ['a', 'b', 'c'].map((value) => ({ partition: 0, value })) });
    // At WARN the `polling` line is not written: the status says when the work is done.
    const poller = service.spawn();

    const [mapping] = (await waitUntil('the poller invoked all three records, one failing', async () => {
      if (poller.exitStatus) throw new Error(`the poller exited: ${poller.stderr}`);
      const mappings = (await pollerStatus(statusPort).catch(() => [])) as unknown as Status[];
      return service.deliveries().length === 3 && mappings[0]?.metrics.InvokeErrorCount === 1 && mappings;
    })) as Status[];
    expect(mapping).toMatchObject({ metricGroups: { EventCount: 'off', ErrorCount: 'on', KafkaMetrics: 'off' }, pollerGroupName: 'orders-group', systemLogLevel: 'WARN' });
    expect(Object.keys(mapping!.metrics).sort()).toEqual(ERROR_COUNTS);

    const text = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
    expect(samples(text, topic)).toEqual({
      lambda_event_source_mapping_commit_errors_total: 0,
      lambda_event_source_mapping_invoke_errors_total: 1,
      lambda_event_source_mapping_on_failure_destination_delivery_errors_total: 0,
      lambda_event_source_mapping_polling_errors_total: 0,
      lambda_event_source_mapping_schema_registry_errors_total: 0,
      'lambda_event_source_mapping_metric_group_enabled:EventCount': 0,
      'lambda_event_source_mapping_metric_group_enabled:ErrorCount': 1,
      'lambda_event_source_mapping_metric_group_enabled:KafkaMetrics': 0,
    });

    await waitUntil('the dropped record is logged', () => poller.stderr.includes('"message":"records dropped"'));
    expect(poller.stderr).toMatch(/"message":"records dropped".*"systemLogLevel":"WARN"/);
    const mappingLines = poller.lines.filter((line) => ['invocation', 'polling', 'offset lag'].includes(line.message));
    expect(mappingLines).toEqual([]);
  });

  it('EventCount and KafkaMetrics at DEBUG: the event counts and lag, no error counts; every invocation is logged at DEBUG', async () => {
    const topic = await broker.topic('poller-log-debug', 1);
    const [statusPort] = (await freePorts(19_524, [0])) as [number];
    const service = new PollerService({
      topic,
      statusPort,
      event: { ...PROVISIONED_MODE, batchSize: 1, maximumBatchingWindow: 0 },
      mapping: { metricsConfig: { metrics: ['EventCount', 'KafkaMetrics'] }, loggingConfig: { systemLogLevel: 'DEBUG' } },
    });
    await broker.producer.send({ topic, acks: -1, messages: ['a', 'b'].map((value) => ({ partition: 0, value })) });
    const poller = await service.start();

    const [mapping] = (await waitUntil('both records committed, no lag left', async () => {
      // The status server may not answer yet.
      const mappings = (await pollerStatus(statusPort).catch(() => [])) as unknown as Status[];
      return mappings[0]?.metrics.CommittedEventCount === 2 && mappings[0].metrics.SumOffsetLag === 0 && mappings;
    })) as Status[];
    expect(mapping!.metricGroups).toEqual({ EventCount: 'on', ErrorCount: 'off', KafkaMetrics: 'on' });
    expect(mapping!.metrics).toMatchObject({ PolledEventCount: 2, InvokedEventCount: 2, MaxOffsetLag: 0 });
    for (const name of ERROR_COUNTS) expect(mapping!.metrics).not.toHaveProperty(name);

    const invocations = await waitUntil('both invocations are logged', () => poller.invocations().length === 2 && poller.invocations());
    expect(invocations.map((line) => line.systemLogLevel)).toEqual(['DEBUG', 'DEBUG']);
    expect(poller.lines.find((line) => line.message === 'polling')).toMatchObject({ systemLogLevel: 'INFO' });
  });
});

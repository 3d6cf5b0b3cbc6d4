import { deployEventSourceMappings, EsmSettingsError, esmSettingsFromServerless, resolveEsmSettings, type CloudFormationResources } from '../../../../local/poller/index';
import type { EsmSettingsInput } from '../../../../local/poller/index';
import { CloudFormationSchema } from '../../../helpers/cloudformation-schema';
import { problemsOf } from '../../../helpers/esm-settings-problems';

/** The mapping settings AWS added in 2025-2026: poller groups, metrics, system logs, consumption mode, and the Kafka function timeout. */
const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/c/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-2';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:kafka';
const PROVISIONED = { minimumPollers: 1, maximumPollers: 2 };
const MSK = { arn: CLUSTER_ARN, topic: 'orders', provisionedPollerConfig: PROVISIONED };
const KAFKA = { bootstrapServers: ['broker:9092'], accessConfigurations: { saslScram512Auth: [SECRET] }, topic: 'orders' };

function input(source: 'msk' | 'kafka', event: Record<string, unknown>, extraSettings?: unknown): EsmSettingsInput {
  return { service: 'svc', stage: 'prod', functionName: 'consume', source, event, eventPath: `functions.consume.events[0].${source}`, extraSettings };
}

const EXTRA = 'custom.eventSourceMappings.consume';

describe('MetricsConfig', () => {
  it('reads the metric groups; none when unset, as AWS publishes none', () => {
    expect(resolveEsmSettings(input('msk', MSK, { metricsConfig: { metrics: ['EventCount', 'KafkaMetrics'] } })).metricGroups).toEqual(['EventCount', 'KafkaMetrics']);
    expect(resolveEsmSettings(input('msk', MSK)).metricGroups).toEqual([]);
  });

  it.each([
    [{ metrics: ['EventCount', 'Lag'] }, `${EXTRA}.metricsConfig.metrics: Value '["EventCount","Lag"]' at 'MetricsConfig.Metrics' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [EventCount, ErrorCount, KafkaMetrics]]`],
    [{ metrics: ['EventCount', 'EventCount', 'ErrorCount', 'KafkaMetrics'] }, "at 'MetricsConfig.Metrics' failed to satisfy constraint: Member must have length less than or equal to 3"],
    [{ metrics: 'EventCount' }, "at 'MetricsConfig.Metrics' failed to satisfy constraint: Member must be a list of [EventCount, ErrorCount, KafkaMetrics]"],
    [{ Metrics: ['EventCount'] }, `${EXTRA}.metricsConfig.Metrics: unknown setting; metricsConfig takes metrics`],
  ])('refuses %j in AWS words', (metricsConfig, message) => {
    expect(problemsOf(() => resolveEsmSettings(input('msk', MSK, { metricsConfig }))).join('\n')).toContain(message);
  });
});

describe('LoggingConfig', () => {
  it.each(['DEBUG', 'INFO', 'WARN'])('reads SystemLogLevel %s', (level) => {
    expect(resolveEsmSettings(input('msk', MSK, { loggingConfig: { systemLogLevel: level } })).systemLogLevel).toBe(level);
  });

  it('refuses another level in AWS words, and leaves the level unset when there is no loggingConfig', () => {
    expect(problemsOf(() => resolveEsmSettings(input('msk', MSK, { loggingConfig: { systemLogLevel: 'ERROR' } })))).toEqual([
      `${EXTRA}.loggingConfig.systemLogLevel: Value 'ERROR' at 'LoggingConfig.SystemLogLevel' failed to satisfy constraint: Member must satisfy enum value set: [DEBUG, INFO, WARN]`,
    ]);
    expect(resolveEsmSettings(input('msk', MSK)).systemLogLevel).toBeUndefined();
  });
});

describe('settings AWS allows only in provisioned mode', () => {
  it.each([
    ['loggingConfig', { loggingConfig: { systemLogLevel: 'INFO' } }],
    ['metricsConfig', { metricsConfig: { metrics: ['EventCount'] } }],
    ['maximumRetryAttempts', { maximumRetryAttempts: 3 }],
  ])('refuses %s without provisionedPollerConfig', (key, block) => {
    const { provisionedPollerConfig: _provisioned, ...onDemand } = MSK;
    expect(problemsOf(() => resolveEsmSettings(input('msk', onDemand, block)))).toEqual([
      `${EXTRA}: ${key} need provisioned mode on AWS: add provisionedPollerConfig (e.g. { minimumPollers: 1, maximumPollers: 1 }) to the msk event`,
    ]);
  });
});

describe('ProvisionedPollerConfig.PollerGroupName', () => {
  it('reads the group from the event, beside the pollers the Framework deploys', () => {
    const settings = resolveEsmSettings(input('msk', { ...MSK, provisionedPollerConfig: { ...PROVISIONED, pollerGroupName: 'orders-group' } }));
    expect(settings.provisionedPollers).toEqual({ ...PROVISIONED, pollerGroupName: 'orders-group' });
  });

  it('refuses a name longer than 128 characters', () => {
    const event = { ...MSK, provisionedPollerConfig: { pollerGroupName: 'g'.repeat(129) } };
    expect(problemsOf(() => resolveEsmSettings(input('msk', event)))).toEqual([
      `functions.consume.events[0].msk.provisionedPollerConfig.pollerGroupName: Value '${'g'.repeat(129)}' at 'ProvisionedPollerConfig.PollerGroupName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    ]);
  });

  const service = (count: number, maximumPollers?: number) => ({
    service: 'svc',
    provider: { stage: 'prod' },
    functions: Object.fromEntries(
      Array.from({ length: count }, (_, index) => [
        `f${index}`,
        { events: [{ msk: { arn: CLUSTER_ARN, topic: `t${index}`, provisionedPollerConfig: { minimumPollers: 1, ...(maximumPollers !== undefined && { maximumPollers }), pollerGroupName: 'shared' } } }] },
      ]),
    ),
  });

  it('allows 100 mappings whose MaximumPollers add up to 2,000', () => {
    expect(esmSettingsFromServerless(service(100, 20))).toHaveLength(100);
  });

  it('refuses a 101st mapping in one group', () => {
    expect(problemsOf(() => esmSettingsFromServerless(service(101, 1)))).toEqual([
      "PollerGroupName 'shared' has 101 event source mappings; a poller group holds at most 100",
    ]);
  });

  it('refuses MaximumPollers adding up to more than 2,000, counting 200 for a mapping that sets none', () => {
    expect(problemsOf(() => esmSettingsFromServerless(service(11)))).toEqual([
      expect.stringContaining("PollerGroupName 'shared': the MaximumPollers of its mappings (f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10) add up to 2200; a poller group allows at most 2000"),
    ]);
  });
});

describe('SelfManagedKafkaEventSourceConfig.ConsumptionMode', () => {
  it("is Stream unless set; reads Queue on a kafka event", () => {
    expect(resolveEsmSettings(input('kafka', KAFKA)).consumptionMode).toBe('Stream');
    expect(resolveEsmSettings(input('kafka', KAFKA, { consumptionMode: 'Queue' })).consumptionMode).toBe('Queue');
  });

  it('refuses a value outside Stream and Queue in AWS words', () => {
    expect(problemsOf(() => resolveEsmSettings(input('kafka', KAFKA, { consumptionMode: 'queue' })))).toEqual([
      `${EXTRA}.consumptionMode: Value 'queue' at 'SelfManagedKafkaEventSourceConfig.ConsumptionMode' failed to satisfy constraint: Member must satisfy enum value set: [Stream, Queue]`,
    ]);
  });

  it('refuses it on an msk event: it is the self-managed config only', () => {
    expect(problemsOf(() => resolveEsmSettings(input('msk', MSK, { consumptionMode: 'Stream' })))).toEqual([
      `${EXTRA}.consumptionMode: ConsumptionMode is only supported for self-managed Apache Kafka event sources (SelfManagedKafkaEventSourceConfig): use a kafka event, not msk`,
    ]);
  });

  it('refuses, in Queue mode, each setting a share group has no use for', () => {
    const event = { ...KAFKA, startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: 1_700_000_000, maximumBatchingWindow: 5 };
    expect(problemsOf(() => resolveEsmSettings(input('kafka', event, { consumptionMode: 'Queue' }))).toSorted()).toEqual([
      'functions.consume.events[0].kafka.maximumBatchingWindow: MaximumBatchingWindowInSeconds is not supported when ConsumptionMode is Queue',
      'functions.consume.events[0].kafka.startingPosition: StartingPosition is not supported when ConsumptionMode is Queue',
      'functions.consume.events[0].kafka.startingPositionTimestamp: StartingPositionTimestamp is not supported when ConsumptionMode is Queue',
    ]);
  });
});

describe('a Kafka-triggered function timeout', () => {
  const config = (timeout: number | undefined, providerTimeout?: number) => ({
    service: 'svc',
    provider: { stage: 'prod', ...(providerTimeout !== undefined && { timeout: providerTimeout }) },
    functions: { consume: { ...(timeout !== undefined && { timeout }), events: [{ msk: MSK }] }, http: { timeout: 900, events: [] } },
  });

  it('allows 14 minutes, and any timeout on a function no mapping invokes', () => {
    expect(esmSettingsFromServerless(config(840))).toHaveLength(1);
  });

  it.each([
    [config(841), 'functions.consume.timeout: 841 seconds'],
    [config(undefined, 900), 'provider.timeout: 900 seconds'],
  ])('refuses more than 14 minutes (%#)', (service, where) => {
    expect(problemsOf(() => esmSettingsFromServerless(service))).toEqual([
      `${where} is over the 840 seconds (14 minutes) Lambda allows a function an Amazon MSK or self-managed Apache Kafka event source mapping invokes`,
    ]);
  });
});

describe('the deployed form', () => {
  const mapping = (selfManaged: boolean): CloudFormationResources[string] => ({
    Type: 'AWS::Lambda::EventSourceMapping',
    Properties: {
      FunctionName: { 'Fn::GetAtt': ['ConsumeLambdaFunction', 'Arn'] },
      StartingPosition: 'TRIM_HORIZON',
      Topics: ['orders'],
      ...(selfManaged ? { SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: ['broker:9092'] } } } : { EventSourceArn: CLUSTER_ARN }),
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2 },
    },
  });
  const deploy = (source: 'msk' | 'kafka', event: Record<string, unknown>, block: Record<string, unknown>) => {
    const resources = { ConsumeMapping: mapping(source === 'kafka') };
    deployEventSourceMappings(
      { service: 'svc', provider: { stage: 'prod' }, functions: { consume: { events: [{ [source]: event }] } }, custom: { eventSourceMappings: { consume: block } } },
      resources,
      () => 'ConsumeLambdaFunction',
    );
    // Every property as CloudFormation's own schema for AWS::Lambda::EventSourceMapping has it: names, types, allowed values.
    expect(CloudFormationSchema.load().problems(resources)).toEqual([]);
    return resources.ConsumeMapping.Properties;
  };

  it('writes MetricsConfig, LoggingConfig and PollerGroupName as CloudFormation spells them', () => {
    const properties = deploy('msk', { ...MSK, provisionedPollerConfig: { ...PROVISIONED, pollerGroupName: 'orders-group' } }, {
      metricsConfig: { metrics: ['EventCount', 'ErrorCount', 'KafkaMetrics'] },
      loggingConfig: { systemLogLevel: 'WARN' },
    });
    expect(properties).toMatchObject({
      MetricsConfig: { Metrics: ['EventCount', 'ErrorCount', 'KafkaMetrics'] },
      LoggingConfig: { SystemLogLevel: 'WARN' },
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2, PollerGroupName: 'orders-group' },
    });
  });

  it('writes ConsumptionMode into the self-managed config, and drops the position the Framework wrote by default in Queue mode', () => {
    const queue = deploy('kafka', { ...KAFKA, provisionedPollerConfig: PROVISIONED }, { consumptionMode: 'Queue' });
    expect(queue.SelfManagedKafkaEventSourceConfig).toEqual({ ConsumptionMode: 'Queue' });
    expect(queue.StartingPosition).toBeUndefined();
    const stream = deploy('kafka', KAFKA, { consumptionMode: 'Stream' });
    expect(stream).toMatchObject({ SelfManagedKafkaEventSourceConfig: { ConsumptionMode: 'Stream' }, StartingPosition: 'TRIM_HORIZON' });
  });

  it('deploys nothing when a setting is refused', () => {
    expect(() => deploy('msk', MSK, { consumptionMode: 'Queue' })).toThrow(EsmSettingsError);
  });
});

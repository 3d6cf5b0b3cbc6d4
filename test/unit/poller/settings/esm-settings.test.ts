import { CONSUMER_GROUP_ID } from '../../../../local/poller/aws-limits';
import { defaultConsumerGroupId, EsmSettingsError, esmSettingsFromServerless, resolveEsmSettings } from '../../../../local/poller/settings/esm-settings';
import type { EsmSettingsInput } from '../../../../local/poller/settings/esm-settings';
import { InvalidParameterValueError } from '../../../../local/poller/errors';
import { problemsOf } from '../../../helpers/esm-settings-problems';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/local/00000000-0000-0000-0000-000000000000-1';

/** The `msk` event of serverless.yml as `serverless print` resolves it for the local stage. */
const PROJECT_MSK_EVENT = {
  arn: CLUSTER_ARN,
  topic: 'message-created',
  batchSize: 100,
  maximumBatchingWindow: 0,
  startingPosition: 'TRIM_HORIZON',
  consumerGroupId: 'messages-notifications-local-notifications',
};

const PROVISIONED = { provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1 } };

function input(event: Record<string, unknown>, extraSettings?: unknown): EsmSettingsInput {
  return {
    service: 'messages-notifications',
    stage: 'local',
    functionName: 'processNotifications',
    source: 'msk',
    event,
    eventPath: 'functions.processNotifications.events[0].msk',
    extraSettings,
  };
}

function kafkaInput(event: Record<string, unknown>, extraSettings?: unknown): EsmSettingsInput {
  return { ...input(event, extraSettings), source: 'kafka', eventPath: 'functions.processNotifications.events[0].kafka' };
}

function resolveMsk(overrides: Record<string, unknown> = {}, extraSettings?: unknown) {
  return resolveEsmSettings(input({ arn: CLUSTER_ARN, topic: 'message-created', ...overrides }, extraSettings));
}

describe('ESM settings: defaults', () => {
  it("fills in what Serverless deploys and AWS defaults to when only arn and topic are set", () => {
    expect(resolveMsk()).toEqual({
      functionName: 'processNotifications',
      source: 'msk',
      eventSourceArn: CLUSTER_ARN,
      topic: 'message-created',
      batchSize: 100,
      batchingWindowMs: 500,
      startingPosition: 'TRIM_HORIZON',
      enabled: true,
      consumerGroupId: 'messages-notifications-local-processNotifications',
      filterPatterns: [],
      filter: expect.objectContaining({ patternCount: 0 }),
      // No saslScram512: AWS's mapping logs in to the cluster with the function's role.
      auth: { login: { kind: 'iam' }, tls: true },
      maximumRetryAttempts: -1,
      maximumRecordAgeSeconds: -1,
      bisectBatchOnFunctionError: false,
      reportBatchItemFailures: false,
      // No MetricsConfig: AWS publishes none of the mapping's metrics.
      metricGroups: [],
      consumptionMode: 'Stream',
    });
  });

  it("reads this project's msk event: a 0 s window is left out by Serverless, so AWS batches for 500 ms", () => {
    const settings = resolveEsmSettings(input(PROJECT_MSK_EVENT));
    expect(settings).toMatchObject({ batchSize: 100, batchingWindowMs: 500, startingPosition: 'TRIM_HORIZON', consumerGroupId: 'messages-notifications-local-notifications' });
  });

  it('reads a self-managed kafka event, which has bootstrap servers and no cluster ARN', () => {
    const settings = resolveEsmSettings(
      kafkaInput({
        accessConfigurations: { saslScram512Auth: ['arn:aws:secretsmanager:us-east-1:000000000000:secret:kafka'] },
        bootstrapServers: ['broker-1:9092', 'broker-2:9092'],
        topic: 'message-created',
        onFailureDestination: 'kafka://message-created-dlq',
        ...PROVISIONED,
      }),
    );
    expect(settings).toMatchObject({ source: 'kafka', bootstrapServers: ['broker-1:9092', 'broker-2:9092'], onFailure: { kind: 'kafka', topic: 'message-created-dlq' } });
    expect(settings.auth).toEqual({ login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:kafka' }, tls: true });
    expect(settings.eventSourceArn).toBeUndefined();
  });
});

describe('ESM settings: valid values, boundaries included', () => {
  it.each<[string, Record<string, unknown>, unknown, Record<string, unknown>]>([
    ['BatchSize 1', { batchSize: 1 }, undefined, { batchSize: 1 }],
    ['BatchSize 10000', { batchSize: 10_000 }, undefined, { batchSize: 10_000 }],
    ['MaximumBatchingWindowInSeconds 1', { maximumBatchingWindow: 1 }, undefined, { batchingWindowMs: 1000 }],
    ['MaximumBatchingWindowInSeconds 300', { maximumBatchingWindow: 300 }, undefined, { batchingWindowMs: 300_000 }],
    ['StartingPosition LATEST', { startingPosition: 'LATEST' }, undefined, { startingPosition: 'LATEST' }],
    ['StartingPosition AT_TIMESTAMP in Unix seconds', { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: 1_763_700_000 }, undefined, { startingPositionTimestampMs: 1_763_700_000_000 }],
    ['Enabled false', { enabled: false }, undefined, { enabled: false }],
    ['ConsumerGroupId of 1 character', { consumerGroupId: 'g' }, undefined, { consumerGroupId: 'g' }],
    ['ConsumerGroupId of 200 characters', { consumerGroupId: 'g'.repeat(200) }, undefined, { consumerGroupId: 'g'.repeat(200) }],
    ['ConsumerGroupId with every allowed symbol', { consumerGroupId: 'a-b/c*d:e_f+g=h.i@j' }, undefined, { consumerGroupId: 'a-b/c*d:e_f+g=h.i@j' }],
    ['five filter patterns', { filterPatterns: Array.from({ length: 5 }, (_, index) => ({ value: { n: [index] } })) }, undefined, { filterPatterns: expect.arrayContaining(['{"value":{"n":[4]}}']) }],
    ['MaximumRetryAttempts -1', PROVISIONED, { maximumRetryAttempts: -1 }, { maximumRetryAttempts: -1 }],
    ['MaximumRetryAttempts 0', PROVISIONED, { maximumRetryAttempts: 0 }, { maximumRetryAttempts: 0 }],
    ['MaximumRetryAttempts 10000', PROVISIONED, { maximumRetryAttempts: 10_000 }, { maximumRetryAttempts: 10_000 }],
    ['MaximumRecordAgeInSeconds -1', PROVISIONED, { maximumRecordAgeInSeconds: -1 }, { maximumRecordAgeSeconds: -1 }],
    ['MaximumRecordAgeInSeconds 60', PROVISIONED, { maximumRecordAgeInSeconds: 60 }, { maximumRecordAgeSeconds: 60 }],
    ['MaximumRecordAgeInSeconds 604800', PROVISIONED, { maximumRecordAgeInSeconds: 604_800 }, { maximumRecordAgeSeconds: 604_800 }],
    ['BisectBatchOnFunctionError', PROVISIONED, { bisectBatchOnFunctionError: true }, { bisectBatchOnFunctionError: true }],
    ['FunctionResponseTypes ReportBatchItemFailures', PROVISIONED, { functionResponseTypes: ['ReportBatchItemFailures'] }, { reportBatchItemFailures: true }],
    ['FunctionResponseTypes empty', PROVISIONED, { functionResponseTypes: [] }, { reportBatchItemFailures: false }],
    ['a Kafka on-failure topic caps infinite retries at 10', PROVISIONED, { destinationConfig: { onFailure: { destination: 'kafka://message-created-dlq' } } }, { onFailure: { kind: 'kafka', topic: 'message-created-dlq' }, maximumRetryAttempts: 10 }],
    ['a destination keeps finite retries', PROVISIONED, { maximumRetryAttempts: 3, destinationConfig: { onFailure: { destination: 'kafka://message-created-dlq' } } }, { maximumRetryAttempts: 3 }],
    ['an SQS destination, not reachable locally', {}, { destinationConfig: { onFailure: { destination: 'arn:aws:sqs:us-east-1:123456789012:failed' } } }, { onFailure: { kind: 'unsupported-locally', destination: 'arn:aws:sqs:us-east-1:123456789012:failed' } }],
    ['an S3 destination, not reachable locally', {}, { destinationConfig: { onFailure: { destination: 'arn:aws:s3:::failed-batches' } } }, { onFailure: { kind: 'unsupported-locally' } }],
  ])('%s', (_, eventOverrides, extraSettings, expected) => {
    expect(resolveMsk(eventOverrides, extraSettings)).toMatchObject(expected);
  });
});

describe('ESM settings: each AWS rule, with the message it fails with', () => {
  it.each<[string, Record<string, unknown>, unknown, string]>([
    ['BatchSize 0', { batchSize: 0 }, undefined, "events[0].msk.batchSize: Value '0' at 'BatchSize' failed to satisfy constraint: Member must have value greater than or equal to 1"],
    ['BatchSize 10001', { batchSize: 10_001 }, undefined, "Value '10001' at 'BatchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"],
    ['BatchSize 1.5', { batchSize: 1.5 }, undefined, "Value '1.5' at 'BatchSize' failed to satisfy constraint: Member must be a whole number"],
    ['BatchSize as a string', { batchSize: '100' }, undefined, "Value '100' at 'BatchSize' failed to satisfy constraint: Member must be a whole number"],
    ['MaximumBatchingWindowInSeconds 301', { maximumBatchingWindow: 301 }, undefined, "at 'MaximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"],
    ['MaximumBatchingWindowInSeconds -1', { maximumBatchingWindow: -1 }, undefined, 'Member must have value greater than or equal to 0'],
    ['MaximumBatchingWindowInSeconds 0.5', { maximumBatchingWindow: 0.5 }, undefined, "Value '0.5' at 'MaximumBatchingWindowInSeconds' failed to satisfy constraint: Member must be a whole number"],
    ['StartingPosition EARLIEST', { startingPosition: 'EARLIEST' }, undefined, 'Member must satisfy enum value set: [LATEST, TRIM_HORIZON, AT_TIMESTAMP]'],
    ['AT_TIMESTAMP without a timestamp', { startingPosition: 'AT_TIMESTAMP' }, undefined, 'StartingPositionTimestamp (Unix time in seconds) is required when StartingPosition is AT_TIMESTAMP'],
    ['a timestamp with LATEST', { startingPosition: 'LATEST', startingPositionTimestamp: 1_763_700_000 }, undefined, 'StartingPositionTimestamp is only valid with StartingPosition AT_TIMESTAMP, not LATEST'],
    ['a timestamp with the default TRIM_HORIZON', { startingPositionTimestamp: 1_763_700_000 }, undefined, 'only valid with StartingPosition AT_TIMESTAMP, not TRIM_HORIZON'],
    ['a timestamp that is not a number', { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: '2026-01-01' }, undefined, 'Member must be a Unix time in seconds'],
    ['ConsumerGroupId empty', { consumerGroupId: '' }, undefined, "at 'ConsumerGroupId' failed to satisfy constraint: Member must have length greater than or equal to 1"],
    ['ConsumerGroupId of 201 characters', { consumerGroupId: 'g'.repeat(201) }, undefined, 'Member must have length less than or equal to 200'],
    ['ConsumerGroupId with a space', { consumerGroupId: 'my group' }, undefined, `Member must satisfy regular expression pattern: ${CONSUMER_GROUP_ID.pattern}`],
    ['Enabled as a string', { enabled: 'yes' }, undefined, "Value 'yes' at 'Enabled' failed to satisfy constraint: Member must be a boolean"],
    ['no topic', { topic: undefined }, undefined, 'events[0].msk.topic: is required'],
    ['a topic starting with a dot', { topic: '.hidden' }, undefined, "Value '.hidden' at 'Topics' failed to satisfy constraint: Member must satisfy regular expression pattern"],
    ['no cluster ARN', { arn: undefined }, undefined, 'events[0].msk.arn: is required: the MSK cluster ARN'],
    ['a cluster ARN that is not an ARN', { arn: 'my-cluster' }, undefined, "Value 'my-cluster' at 'EventSourceArn' failed to satisfy constraint"],
    ['a CloudFormation reference as ARN', { arn: { Ref: 'Cluster' } }, undefined, 'CloudFormation functions cannot be resolved locally'],
    ['six filter patterns', { filterPatterns: Array.from({ length: 6 }, () => ({ value: ['x'] })) }, undefined, 'msk.filterPatterns: FilterCriteria.Filters holds 6 patterns; an event source mapping takes at most 5'],
    ['a filter pattern that does not compile', { filterPatterns: [{ value: { type: 'order' } }] }, undefined, 'msk.filterPatterns: Invalid filter pattern definition at FilterCriteria.Filters[0].Pattern: value.type: must be a list'],
    ['a key the Serverless msk event does not have', { batchsize: 10 }, undefined, 'msk.batchsize: unknown setting; the Serverless `msk` event takes arn, topic, batchSize'],
    ['MinimumPollers above MaximumPollers', { provisionedPollerConfig: { minimumPollers: 3, maximumPollers: 2 } }, undefined, 'MinimumPollers (3) must not exceed MaximumPollers (2)'],
    ['MaximumRetryAttempts -2', PROVISIONED, { maximumRetryAttempts: -2 }, "custom.eventSourceMappings.processNotifications.maximumRetryAttempts: Value '-2' at 'MaximumRetryAttempts' failed to satisfy constraint: Member must be -1 (infinite) or between 0 and 10000"],
    ['MaximumRetryAttempts 10001', PROVISIONED, { maximumRetryAttempts: 10_001 }, 'Member must be -1 (infinite) or between 0 and 10000'],
    ['MaximumRecordAgeInSeconds 59', PROVISIONED, { maximumRecordAgeInSeconds: 59 }, "Value '59' at 'MaximumRecordAgeInSeconds' failed to satisfy constraint: Member must be -1 (infinite) or between 60 and 604800"],
    ['MaximumRecordAgeInSeconds 604801', PROVISIONED, { maximumRecordAgeInSeconds: 604_801 }, 'Member must be -1 (infinite) or between 60 and 604800'],
    ['BisectBatchOnFunctionError as a string', PROVISIONED, { bisectBatchOnFunctionError: 'true' }, "at 'BisectBatchOnFunctionError' failed to satisfy constraint: Member must be a boolean"],
    ['FunctionResponseTypes with a typo', PROVISIONED, { functionResponseTypes: ['ReportBatchItemFailure'] }, "at 'FunctionResponseTypes' failed to satisfy constraint: Member must be a list of at most 1 item from enum value set: [ReportBatchItemFailures]"],
    ['FunctionResponseTypes not a list', PROVISIONED, { functionResponseTypes: 'ReportBatchItemFailures' }, "at 'FunctionResponseTypes' failed to satisfy constraint"],
    ['error-handling controls without provisioned mode', {}, { maximumRetryAttempts: 2, bisectBatchOnFunctionError: true }, 'custom.eventSourceMappings.processNotifications: maximumRetryAttempts, bisectBatchOnFunctionError need provisioned mode on AWS'],
    ['the source topic as on-failure destination', PROVISIONED, { destinationConfig: { onFailure: { destination: 'kafka://message-created' } } }, "destinationConfig.onFailure.destination: \"kafka://message-created\" is the mapping's source topic"],
    ['an on-failure topic with an invalid name', PROVISIONED, { destinationConfig: { onFailure: { destination: 'kafka://.dlq' } } }, 'does not name a valid Kafka topic'],
    ['a Lambda function as on-failure destination', {}, { destinationConfig: { onFailure: { destination: 'arn:aws:lambda:us-east-1:123456789012:function:f' } } }, 'is not an on-failure destination for a Kafka mapping'],
    ['an on-success destination', PROVISIONED, { destinationConfig: { onFailure: { destination: 'kafka://dlq' }, onSuccess: { destination: 'kafka://done' } } }, 'destinationConfig.onSuccess: unknown setting'],
    ['a destinationConfig without onFailure', {}, { destinationConfig: { destination: 'kafka://dlq' } }, 'destinationConfig: must be { onFailure: { destination'],
    ['a Kafka on-failure topic without provisioned mode', {}, { destinationConfig: { onFailure: { destination: 'kafka://message-created-dlq' } } }, 'destinationConfig.onFailure.destination: "kafka://message-created-dlq": a Kafka topic as on-failure destination needs provisioned mode on AWS: add provisionedPollerConfig'],
    ['an unknown key in custom.eventSourceMappings', {}, { maxRetryAttempts: 3 }, 'custom.eventSourceMappings.processNotifications.maxRetryAttempts: unknown setting'],
    ['a settings block that is not an object', {}, 'retry please', 'custom.eventSourceMappings.processNotifications: must be an object'],
  ])('%s', (_, eventOverrides, extraSettings, fragment) => {
    const problems = problemsOf(() => resolveMsk(eventOverrides, extraSettings));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(fragment);
  });

  it('refuses an on-failure destination set both on the kafka event and in custom.eventSourceMappings', () => {
    const problems = problemsOf(() =>
      resolveEsmSettings(
        kafkaInput(
          { accessConfigurations: { saslScram512Auth: ['arn:aws:secretsmanager:us-east-1:0:secret:k'] }, bootstrapServers: ['b:9092'], topic: 't1', onFailureDestination: 'kafka://dlq', ...PROVISIONED },
          { destinationConfig: { onFailure: { destination: 'kafka://other-dlq' } } },
        ),
      ),
    );
    expect(problems).toEqual([expect.stringContaining('both set an on-failure destination; keep one')]);
  });

  it("refuses a kafka event's on-failure topic without provisioned mode, and takes its SQS queue", () => {
    const event = { accessConfigurations: { saslScram512Auth: ['arn:aws:secretsmanager:us-east-1:0:secret:k'] }, bootstrapServers: ['b:9092'], topic: 't1' };
    expect(problemsOf(() => resolveEsmSettings(kafkaInput({ ...event, onFailureDestination: 'kafka://dlq' })))).toEqual([
      'functions.processNotifications.events[0].kafka.onFailureDestination: "kafka://dlq": a Kafka topic as on-failure destination needs provisioned mode on AWS: add provisionedPollerConfig (e.g. { minimumPollers: 1, maximumPollers: 1 }) to the kafka event',
    ]);
    expect(resolveEsmSettings(kafkaInput({ ...event, onFailureDestination: 'arn:aws:sqs:us-east-1:123456789012:failed' })).onFailure).toEqual({ kind: 'unsupported-locally', destination: 'arn:aws:sqs:us-east-1:123456789012:failed' });
  });

  it('requires bootstrapServers and accessConfigurations on a kafka event', () => {
    const problems = problemsOf(() => resolveEsmSettings(kafkaInput({ topic: 't1' })));
    expect(problems).toEqual([
      expect.stringContaining('kafka.accessConfigurations: is required'),
      expect.stringContaining('kafka.bootstrapServers: is required'),
    ]);
  });

  it("collects every problem of a function into one InvalidParameterValueException naming it", () => {
    const resolve = () => resolveMsk({ batchSize: 0, startingPosition: 'EARLIEST' }, { maxRetries: 1 });
    expect(resolve).toThrow(EsmSettingsError);
    expect(resolve).toThrow(InvalidParameterValueError);
    expect(resolve).toThrow(/^InvalidParameterValueException: 3 validation errors in the event source mapping of function "processNotifications":\n {2}- /);
    expect(problemsOf(resolve)).toEqual([
      expect.stringContaining("'BatchSize'"),
      expect.stringContaining("'StartingPosition'"),
      expect.stringContaining('maxRetries: unknown setting'),
    ]);
  });
});

describe('consumer group id', () => {
  it('is stable per service, stage and function, so a restarted poller resumes its offsets', () => {
    const groupId = defaultConsumerGroupId('messages-notifications', 'local', 'processNotifications');
    expect(groupId).toBe('messages-notifications-local-processNotifications');
    expect(defaultConsumerGroupId('messages-notifications', 'local', 'processNotifications')).toBe(groupId);
    expect(defaultConsumerGroupId('messages-notifications', 'dev', 'processNotifications')).not.toBe(groupId);
    expect(defaultConsumerGroupId('messages-notifications', 'local', 'auditNotifications')).not.toBe(groupId);
  });

  it.each<[string, string, string]>([
    ['replaces characters AWS does not allow', 'process notifications!', 'svc-local-process-notifications-'],
    ['keeps the characters AWS allows', 'fn.v2@x', 'svc-local-fn.v2@x'],
  ])('%s', (_, functionName, expected) => {
    expect(defaultConsumerGroupId('svc', 'local', functionName)).toBe(expected);
  });

  it('stays within 200 characters and unique when names are long', () => {
    const first = defaultConsumerGroupId('s'.repeat(120), 'local', `${'f'.repeat(100)}A`);
    const second = defaultConsumerGroupId('s'.repeat(120), 'local', `${'f'.repeat(100)}B`);
    expect(first).toHaveLength(200);
    expect(first).toMatch(new RegExp(`^(?:${CONSUMER_GROUP_ID.pattern})$`));
    expect(first).not.toBe(second);
  });

  it('is used when the event sets no consumerGroupId, and the configured one wins', () => {
    expect(resolveMsk().consumerGroupId).toBe('messages-notifications-local-processNotifications');
    expect(resolveMsk({ consumerGroupId: 'mine' }).consumerGroupId).toBe('mine');
  });
});

describe('esmSettingsFromServerless', () => {
  const config = {
    service: 'messages-notifications',
    provider: { stage: 'local' },
    functions: {
      createMessage: { events: [{ httpApi: { method: 'POST', path: '/api/v1/messages' } }] },
      processNotifications: { events: [{ msk: PROJECT_MSK_EVENT }] },
    },
    custom: {},
  };
  const provisioned = { ...config, functions: { ...config.functions, processNotifications: { events: [{ msk: { ...PROJECT_MSK_EVENT, ...PROVISIONED } }] } } };

  it('resolves the mapping of every Kafka-triggered function', () => {
    const settings = esmSettingsFromServerless({ ...provisioned, custom: { eventSourceMappings: { processNotifications: { destinationConfig: { onFailure: { destination: 'kafka://message-created-dlq' } } } } } });
    expect(settings).toHaveLength(1);
    expect(settings[0]).toMatchObject({ functionName: 'processNotifications', topic: 'message-created', maximumRetryAttempts: 10 });
  });

  it('accepts the service as an object, and stage dev by default', () => {
    const settings = esmSettingsFromServerless({ service: { name: 'svc' }, functions: { consume: { events: [{ msk: { arn: CLUSTER_ARN, topic: 't1' } }] } } });
    expect(settings[0]!.consumerGroupId).toBe('svc-dev-consume');
  });

  it('refuses custom.eventSourceMappings that does not map function names to settings', () => {
    expect(() => esmSettingsFromServerless({ ...config, custom: { eventSourceMappings: ['processNotifications'] } })).toThrow(
      /1 validation error in the service's event source mappings:\n {2}- custom\.eventSourceMappings: must map function names to their settings/,
    );
  });

  it('fails loudly on settings for a function without a Kafka event, and reports every function', () => {
    const broken = {
      ...config,
      functions: { ...config.functions, auditNotifications: { events: [{ msk: { ...PROJECT_MSK_EVENT, batchSize: 0 } }] } },
      custom: { eventSourceMappings: { procesNotifications: { maximumRetryAttempts: 3 } } },
    };
    try {
      esmSettingsFromServerless(broken);
      throw new Error('expected an EsmSettingsError');
    } catch (error) {
      expect(error).toBeInstanceOf(EsmSettingsError);
      const { failures, message } = error as EsmSettingsError;
      expect(failures.map((failure) => failure.functionName)).toEqual(['auditNotifications', 'procesNotifications']);
      expect(message).toContain('custom.eventSourceMappings.procesNotifications: no function "procesNotifications" in this service');
    }
  });
});

import { PollerService, PROVISIONED_MODE, type PollerServiceOptions } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

const EVENT_PATH = 'functions.consume.events[0].msk';
const MAPPING_PATH = 'custom.eventSourceMappings.consume';

describe('poller: mapping settings AWS would refuse', () => {
  const broker = usePollerTestBroker();

  /** Runs the poller on an invalid service: it must exit 1 before joining the group, having polled nothing. */
  async function refusedWith(options: (topic: string) => Omit<PollerServiceOptions, 'topic'>): Promise<{ stderr: string; topic: string }> {
    const topic = await broker.topic('poller-invalid');
    const service = new PollerService({ topic, ...options(topic) });
    const poller = service.spawn();
    expect(await poller.exited).toEqual({ code: 1, signal: null });
    expect(poller.lines).toEqual([]);
    const { groups } = await broker.admin.describeGroups([service.groupId]);
    expect(groups).toMatchObject([{ groupId: service.groupId, state: 'Dead', members: [] }]);
    return { stderr: poller.stderr, topic };
  }

  it.each<[string, (topic: string) => Omit<PollerServiceOptions, 'topic'>, (topic: string) => string[]]>([
    [
      'event values the Serverless schema lets through',
      () => ({ event: { consumerGroupId: 'group with spaces', startingPosition: 'AT_TIMESTAMP', filterPatterns: [{ value: { type: 'order' } }] } }),
      () => [
        `${EVENT_PATH}.consumerGroupId: Value 'group with spaces' at 'ConsumerGroupId' failed to satisfy constraint: Member must satisfy regular expression pattern`,
        `${EVENT_PATH}.startingPositionTimestamp: StartingPositionTimestamp (Unix time in seconds) is required when StartingPosition is AT_TIMESTAMP`,
        `${EVENT_PATH}.filterPatterns: Invalid filter pattern definition at FilterCriteria.Filters[0].Pattern`,
      ],
    ],
    [
      'error-handling controls without provisioned mode',
      () => ({ mapping: { maximumRetryAttempts: 2, bisectBatchOnFunctionError: true } }),
      () => [`${MAPPING_PATH}: maximumRetryAttempts, bisectBatchOnFunctionError need provisioned mode on AWS: add provisionedPollerConfig`],
    ],
    [
      'out-of-range controls and a destination that is the source topic',
      (topic) => ({
        event: PROVISIONED_MODE,
        mapping: { maximumRecordAgeInSeconds: 30, maximumRetryAttempts: 10_001, functionResponseTypes: ['Bogus'], destinationConfig: { onFailure: { destination: `kafka://${topic}` } } },
      }),
      (topic) => [
        `${MAPPING_PATH}.maximumRecordAgeInSeconds: Value '30' at 'MaximumRecordAgeInSeconds' failed to satisfy constraint: Member must be -1 (infinite) or between 60 and 604800`,
        `${MAPPING_PATH}.maximumRetryAttempts: Value '10001' at 'MaximumRetryAttempts' failed to satisfy constraint: Member must be -1 (infinite) or between 0 and 10000`,
        `${MAPPING_PATH}.functionResponseTypes: Value '["Bogus"]' at 'FunctionResponseTypes' failed to satisfy constraint`,
        `${MAPPING_PATH}.destinationConfig.onFailure.destination: "kafka://${topic}" is the mapping's source topic`,
      ],
    ],
  ])('refuses %s before anything starts, exiting 1 with AWS-like messages', async (_case, options, expectedMessages) => {
    const { stderr, topic } = await refusedWith(options);
    expect(stderr).toMatch(/^\[poller\] InvalidParameterValueException: \d+ validation errors? in the event source mapping of function "consume":/);
    for (const message of expectedMessages(topic)) expect(stderr).toContain(`  - ${message}`);
  });

  it('refuses values the Serverless schema rejects, with its message', async () => {
    const { stderr } = await refusedWith(() => ({ event: { batchSize: 20_000, maximumBatchingWindow: 301, startingPosition: 'EARLIEST' } }));
    expect(stderr).toContain("at 'functions.consume.events.0.msk.batchSize': must be <= 10000");
    expect(stderr).toContain("at 'functions.consume.events.0.msk.maximumBatchingWindow': must be <= 300");
    expect(stderr).toContain("at 'functions.consume.events.0.msk.startingPosition': must be equal to one of the allowed values [LATEST, TRIM_HORIZON, AT_TIMESTAMP]");
  });
});

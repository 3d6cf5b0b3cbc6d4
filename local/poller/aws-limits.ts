/**
 * AWS's limits and defaults for Kafka event source mappings (CreateEventSourceMapping, the Kafka
 * guide pages, Lambda's quotas) and what Serverless deploys when a setting is left out, in one
 * place: the checks, their messages and the delivery quote the same numbers.
 */

export const STARTING_POSITIONS = ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP'] as const;
export type StartingPosition = (typeof STARTING_POSITIONS)[number];
/** Serverless writes `StartingPosition: TRIM_HORIZON` when the event sets none. */
export const DEFAULT_STARTING_POSITION: StartingPosition = 'TRIM_HORIZON';

export const BATCH_SIZE = { min: 1, max: 10_000, default: 100 };
export const BATCHING_WINDOW_SECONDS = { min: 0, max: 300 };
/** Kafka sources batch for 500 ms until a window is set, in whole seconds. */
export const DEFAULT_BATCHING_WINDOW_MS = 500;

/** -1, the default, retries until the records succeed or expire. */
export const MAXIMUM_RETRY_ATTEMPTS = { min: 0, max: 10_000, infinite: true, default: -1 };
/** -1, the default, never expires records. */
export const MAXIMUM_RECORD_AGE_SECONDS = { min: 60, max: 604_800, infinite: true, default: -1 };
/** With an on-failure destination, Lambda turns infinite retries into this many. */
export const RETRIES_WITH_DESTINATION = 10;
/**
 * A failed batch waits before its retry, doubling per attempt. AWS retries with exponential
 * backoff but publishes no numbers; these are the poller's.
 */
export const RETRY_BACKOFF_MS = { base: 500, max: 30_000 };

/** A function triggered by a Kafka event source mapping may time out after at most 14 minutes. */
export const MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS = 14 * 60;

/** Lambda's synchronous invocation payload limit: an event (the records and their envelope) may not exceed 6 MB. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export const PROVISIONED_MINIMUM_POLLERS = { min: 1, max: 200 };
export const PROVISIONED_MAXIMUM_POLLERS = { min: 1, max: 2000 };

export const CONSUMER_GROUP_ID = { maxLength: 200, pattern: '[a-zA-Z0-9-\\/*:_+=.@-]*' };
export const TOPIC = { maxLength: 249, pattern: '[^.]([a-zA-Z0-9\\-_.]+)' };
export const EVENT_SOURCE_ARN = {
  pattern: 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
};

/** Lambda's default quota of filters per event source mapping (AWS can raise it to 10 on request). */
export const MAX_FILTER_PATTERNS = 5;
/** `Filter.Pattern` is at most 4096 characters in the Lambda API. */
export const MAX_PATTERN_LENGTH = 4096;
/** EventBridge pattern matching compares numbers only within ±5.0e9 (15 significant digits). */
export const NUMERIC_FILTER_LIMIT = 5e9;

export const FUNCTION_RESPONSE_TYPES = ['ReportBatchItemFailures'] as const;

export const DESTINATION = { maxLength: 350 };
/** On-failure destinations a Kafka mapping accepts besides `kafka://<topic>`. */
export const DESTINATION_ARN = /^arn:aws[a-zA-Z-]*:(sqs|sns|s3):/;
export const KAFKA_DESTINATION_PREFIX = 'kafka://';

/** What the Serverless Framework gives a function that neither it nor the provider configures. */
export const FUNCTION_DEFAULTS = { timeoutSeconds: 6, memorySize: 1024, region: 'us-east-1' };

/** `KafkaSchemaRegistryConfig` (API reference): what each of its fields accepts. */
export const SCHEMA_REGISTRY = {
  uri: { maxLength: 10_000, pattern: '[a-zA-Z0-9-/*:_+=.@-]*' },
  eventRecordFormats: ['JSON', 'SOURCE'] as const,
  accessConfigTypes: ['BASIC_AUTH', 'CLIENT_CERTIFICATE_TLS_AUTH', 'SERVER_ROOT_CA_CERTIFICATE'] as const,
  accessConfigUri: { maxLength: 10_000, pattern: 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)' },
  attributes: ['KEY', 'VALUE'] as const,
};
/** A Glue registry ARN: `arn:aws:glue:<region>:<account>:registry/<name>`. */
export const GLUE_REGISTRY_ARN = /^arn:aws[a-zA-Z-]*:glue:([a-z0-9-]+):(\d{12}):registry\/(.+)$/;

/**
 * `MetricsConfig.Metrics`: the metric groups a mapping may publish, each with the metrics it
 * holds. The API reference (`EventSourceMappingMetricsConfig`) names the groups and what each is
 * about ("the number of events processed", "the number of errors", "the Kafka consumers"); the
 * metrics placed in each follow those words and AWS's metric names.
 */
export const METRIC_GROUPS = {
  EventCount: [
    'PolledEventCount',
    'FilteredOutEventCount',
    'InvokedEventCount',
    'FailedInvokeEventCount',
    'DroppedEventCount',
    'OnFailureDestinationDeliveredEventCount',
    'CommittedEventCount',
  ],
  ErrorCount: ['PollingErrorCount', 'InvokeErrorCount', 'OnFailureDestinationDeliveryErrorCount', 'SchemaRegistryErrorCount', 'CommitErrorCount'],
  KafkaMetrics: ['MaxOffsetLag', 'SumOffsetLag'],
} as const;
export type MetricGroup = keyof typeof METRIC_GROUPS;
export const METRIC_GROUP_NAMES = Object.keys(METRIC_GROUPS) as MetricGroup[];

/** `LoggingConfig.SystemLogLevel`, most detail first: a level sends its own lines and those of the levels after it. */
export const SYSTEM_LOG_LEVELS = ['DEBUG', 'INFO', 'WARN'] as const;
export type SystemLogLevel = (typeof SYSTEM_LOG_LEVELS)[number];

/** `SelfManagedKafkaEventSourceConfig.ConsumptionMode`: consumer groups (the default) or share groups. */
export const CONSUMPTION_MODES = ['Stream', 'Queue'] as const;
export type ConsumptionMode = (typeof CONSUMPTION_MODES)[number];
export const DEFAULT_CONSUMPTION_MODE: ConsumptionMode = 'Stream';

/**
 * `ProvisionedPollerConfig.PollerGroupName` (CloudFormation: a string of at most 128 characters):
 * up to 100 mappings in one VPC share a group, and their `MaximumPollers` add up to at most 2,000.
 */
export const POLLER_GROUP = { maxLength: 128, maxMappings: 100, maxPollers: 2000 };
/** `MaximumPollers` when provisioned mode leaves it out. */
export const DEFAULT_MAXIMUM_POLLERS = 200;

/** Lambda runs functions up to 15 minutes, but a Kafka event source mapping only those with a timeout of at most 14. */
export const KAFKA_FUNCTION_TIMEOUT_SECONDS = 14 * 60;

import {
  CONSUMPTION_MODES,
  DESTINATION,
  FUNCTION_RESPONSE_TYPES,
  MAXIMUM_RECORD_AGE_SECONDS,
  MAXIMUM_RETRY_ATTEMPTS,
  METRIC_GROUP_NAMES,
  SYSTEM_LOG_LEVELS,
  type ConsumptionMode,
  type MetricGroup,
  type SystemLogLevel,
} from '../aws-limits';
import { isPlainObject, SettingsReader } from './checks';
import type { Problems } from './checks';
import { readSchemaRegistryConfig, type SchemaRegistryConfig } from './schema-registry-config';

/**
 * The settings a Serverless `msk`/`kafka` event cannot express, kept in
 * `custom.eventSourceMappings.<functionName>`: the plugin that deploys them and the local poller
 * both read this one block. Only what was set is returned, so callers can tell "set" from default.
 */
export interface ExtraSettings {
  maximumRetryAttempts?: number;
  maximumRecordAgeSeconds?: number;
  bisectBatchOnFunctionError?: boolean;
  reportBatchItemFailures?: boolean;
  onFailureDestination?: string;
  schemaRegistry?: SchemaRegistryConfig;
  metricGroups?: MetricGroup[];
  systemLogLevel?: SystemLogLevel;
  consumptionMode?: ConsumptionMode;
  /** The settings that were set that AWS allows in provisioned mode only, by their key. */
  provisionedOnlyKeys: string[];
}

/** Each key of `custom.eventSourceMappings.<function>` and the `AWS::Lambda::EventSourceMapping` property it deploys as. */
export const EXTRA_SETTING_PROPERTIES = {
  maximumRetryAttempts: 'MaximumRetryAttempts',
  maximumRecordAgeInSeconds: 'MaximumRecordAgeInSeconds',
  bisectBatchOnFunctionError: 'BisectBatchOnFunctionError',
  functionResponseTypes: 'FunctionResponseTypes',
  destinationConfig: 'DestinationConfig',
  /** Deployed inside `AmazonManagedKafkaEventSourceConfig` / `SelfManagedKafkaEventSourceConfig`. */
  schemaRegistryConfig: 'SchemaRegistryConfig',
  metricsConfig: 'MetricsConfig',
  loggingConfig: 'LoggingConfig',
  /** Deployed inside `SelfManagedKafkaEventSourceConfig`. */
  consumptionMode: 'ConsumptionMode',
} as const;

const EXTRA_KEYS = Object.keys(EXTRA_SETTING_PROPERTIES) as (keyof typeof EXTRA_SETTING_PROPERTIES)[];
/**
 * The error-handling controls (`kafka-retry-configurations`), the schema registry
 * (`services-consume-kafka-events`), system logging (`esm-logging`) and metrics: AWS's pages
 * make each a feature of provisioned mode.
 */
const PROVISIONED_ONLY_KEYS: readonly string[] = [
  'maximumRetryAttempts',
  'maximumRecordAgeInSeconds',
  'bisectBatchOnFunctionError',
  'functionResponseTypes',
  'schemaRegistryConfig',
  'loggingConfig',
  'metricsConfig',
];

export function readExtraSettings(block: unknown, path: string, problems: Problems): ExtraSettings {
  if (block === undefined || block === null) return { provisionedOnlyKeys: [] };
  if (!isPlainObject(block)) {
    problems.add(path, `must be an object with any of ${EXTRA_KEYS.join(', ')}`);
    return { provisionedOnlyKeys: [] };
  }
  const extra = new SettingsReader(block, path, problems);
  extra.rejectUnknownKeys(EXTRA_KEYS, path);

  const maximumRetryAttempts = extra.wholeNumber('maximumRetryAttempts', 'MaximumRetryAttempts', MAXIMUM_RETRY_ATTEMPTS);
  const maximumRecordAgeSeconds = extra.wholeNumber('maximumRecordAgeInSeconds', 'MaximumRecordAgeInSeconds', MAXIMUM_RECORD_AGE_SECONDS);
  const bisectBatchOnFunctionError = extra.boolean('bisectBatchOnFunctionError', 'BisectBatchOnFunctionError');
  const reportBatchItemFailures = readFunctionResponseTypes(extra);
  const onFailureDestination = readDestinationConfig(extra);
  const schemaRegistry = readSchemaRegistryConfig(extra);
  const metricGroups = readMetricsConfig(extra);
  const systemLogLevel = readLoggingConfig(extra);
  const consumptionMode = extra.oneOf('consumptionMode', 'SelfManagedKafkaEventSourceConfig.ConsumptionMode', CONSUMPTION_MODES);
  return {
    ...(maximumRetryAttempts !== undefined && { maximumRetryAttempts }),
    ...(maximumRecordAgeSeconds !== undefined && { maximumRecordAgeSeconds }),
    ...(bisectBatchOnFunctionError !== undefined && { bisectBatchOnFunctionError }),
    ...(reportBatchItemFailures !== undefined && { reportBatchItemFailures }),
    ...(onFailureDestination !== undefined && { onFailureDestination }),
    ...(schemaRegistry !== undefined && { schemaRegistry }),
    ...(metricGroups !== undefined && { metricGroups }),
    ...(systemLogLevel !== undefined && { systemLogLevel }),
    ...(consumptionMode !== undefined && { consumptionMode }),
    provisionedOnlyKeys: PROVISIONED_ONLY_KEYS.filter((key) => extra.has(key)),
  };
}

/** `metricsConfig: { metrics: [EventCount, ErrorCount, KafkaMetrics] }`, mirroring `MetricsConfig.Metrics` (0..3 of them). */
function readMetricsConfig(extra: SettingsReader): MetricGroup[] | undefined {
  const config = extra.raw('metricsConfig');
  if (config === undefined) return undefined;
  if (!isPlainObject(config)) {
    extra.fail('metricsConfig', `must be { metrics: [${METRIC_GROUP_NAMES.join(', ')}] }`);
    return undefined;
  }
  const metricsConfig = new SettingsReader(config, `${extra.path}.metricsConfig`, extra.problems);
  metricsConfig.rejectUnknownKeys(['metrics'], 'metricsConfig');
  const metrics = config.metrics ?? [];
  const at = `Value '${JSON.stringify(metrics)}' at 'MetricsConfig.Metrics' failed to satisfy constraint`;
  if (!Array.isArray(metrics)) {
    metricsConfig.fail('metrics', `${at}: Member must be a list of [${METRIC_GROUP_NAMES.join(', ')}]`);
    return undefined;
  }
  if (!metrics.every((metric) => (METRIC_GROUP_NAMES as unknown[]).includes(metric))) {
    metricsConfig.fail('metrics', `${at}: Member must satisfy constraint: [Member must satisfy enum value set: [${METRIC_GROUP_NAMES.join(', ')}]]`);
    return undefined;
  }
  if (metrics.length > METRIC_GROUP_NAMES.length) {
    metricsConfig.fail('metrics', `${at}: Member must have length less than or equal to ${METRIC_GROUP_NAMES.length}`);
    return undefined;
  }
  return [...new Set(metrics as MetricGroup[])];
}

/** `loggingConfig: { systemLogLevel: DEBUG | INFO | WARN }`, mirroring `LoggingConfig.SystemLogLevel`. */
function readLoggingConfig(extra: SettingsReader): SystemLogLevel | undefined {
  const config = extra.raw('loggingConfig');
  if (config === undefined) return undefined;
  if (!isPlainObject(config)) {
    extra.fail('loggingConfig', `must be { systemLogLevel: ${SYSTEM_LOG_LEVELS.join(' | ')} }`);
    return undefined;
  }
  const loggingConfig = new SettingsReader(config, `${extra.path}.loggingConfig`, extra.problems);
  loggingConfig.rejectUnknownKeys(['systemLogLevel'], 'loggingConfig');
  if (!loggingConfig.has('systemLogLevel')) {
    loggingConfig.fail('systemLogLevel', `is required: one of ${SYSTEM_LOG_LEVELS.join(', ')}`);
    return undefined;
  }
  return loggingConfig.oneOf('systemLogLevel', 'LoggingConfig.SystemLogLevel', SYSTEM_LOG_LEVELS);
}

/** `[]` or `['ReportBatchItemFailures']`, the only response type Kafka mappings know. */
function readFunctionResponseTypes(extra: SettingsReader): boolean | undefined {
  const types = extra.raw('functionResponseTypes');
  if (types === undefined) return undefined;
  const valid = Array.isArray(types) && types.length <= 1 && types.every((type) => (FUNCTION_RESPONSE_TYPES as readonly unknown[]).includes(type));
  if (!valid) {
    extra.fail(
      'functionResponseTypes',
      `Value '${JSON.stringify(types)}' at 'FunctionResponseTypes' failed to satisfy constraint: Member must be a list of at most 1 item from enum value set: [${FUNCTION_RESPONSE_TYPES.join(', ')}]`,
    );
    return undefined;
  }
  return types.length === 1;
}

/** `destinationConfig: { onFailure: { destination } }`, mirroring `DestinationConfig.OnFailure.Destination`. */
function readDestinationConfig(extra: SettingsReader): string | undefined {
  const config = extra.raw('destinationConfig');
  if (config === undefined) return undefined;
  if (!isPlainObject(config) || !isPlainObject(config.onFailure)) {
    extra.fail('destinationConfig', 'must be { onFailure: { destination: "kafka://<topic>" or an SQS, SNS or S3 ARN } }');
    return undefined;
  }
  const destinationConfig = new SettingsReader(config, `${extra.path}.destinationConfig`, extra.problems);
  destinationConfig.rejectUnknownKeys(['onFailure'], 'destinationConfig (Kafka mappings have no on-success destination)');
  const onFailure = new SettingsReader(config.onFailure, `${destinationConfig.path}.onFailure`, extra.problems);
  onFailure.rejectUnknownKeys(['destination'], 'onFailure');
  if (!onFailure.has('destination')) {
    onFailure.fail('destination', 'is required: "kafka://<topic>" or an SQS, SNS or S3 ARN');
    return undefined;
  }
  return onFailure.text('destination', 'DestinationConfig.OnFailure.Destination', DESTINATION);
}

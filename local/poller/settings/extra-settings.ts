import { DESTINATION, FUNCTION_RESPONSE_TYPES, MAXIMUM_RECORD_AGE_SECONDS, MAXIMUM_RETRY_ATTEMPTS } from '../aws-limits';
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
  /** `SelfManagedKafkaEventSourceConfig.ConsumptionMode` (a minimal read; issue 24 owns its checks and deploy). */
  consumptionMode?: 'Stream' | 'Queue';
  /** The error-handling controls that were set, by their key: AWS allows them in provisioned mode only. */
  errorHandlingKeys: string[];
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
} as const;

const EXTRA_KEYS = Object.keys(EXTRA_SETTING_PROPERTIES) as (keyof typeof EXTRA_SETTING_PROPERTIES)[];
const ERROR_HANDLING_KEYS: readonly string[] = ['maximumRetryAttempts', 'maximumRecordAgeInSeconds', 'bisectBatchOnFunctionError', 'functionResponseTypes', 'schemaRegistryConfig'];

export function readExtraSettings(block: unknown, path: string, problems: Problems): ExtraSettings {
  if (block === undefined || block === null) return { errorHandlingKeys: [] };
  if (!isPlainObject(block)) {
    problems.add(path, `must be an object with any of ${EXTRA_KEYS.join(', ')}`);
    return { errorHandlingKeys: [] };
  }
  const extra = new SettingsReader(block, path, problems);
  extra.rejectUnknownKeys([...EXTRA_KEYS, 'consumptionMode'], path);

  const maximumRetryAttempts = extra.wholeNumber('maximumRetryAttempts', 'MaximumRetryAttempts', MAXIMUM_RETRY_ATTEMPTS);
  const maximumRecordAgeSeconds = extra.wholeNumber('maximumRecordAgeInSeconds', 'MaximumRecordAgeInSeconds', MAXIMUM_RECORD_AGE_SECONDS);
  const bisectBatchOnFunctionError = extra.boolean('bisectBatchOnFunctionError', 'BisectBatchOnFunctionError');
  const reportBatchItemFailures = readFunctionResponseTypes(extra);
  const onFailureDestination = readDestinationConfig(extra);
  const schemaRegistry = readSchemaRegistryConfig(extra);
  const consumptionMode = extra.raw('consumptionMode');
  if (consumptionMode !== undefined && consumptionMode !== 'Stream' && consumptionMode !== 'Queue') extra.fail('consumptionMode', 'must be Stream or Queue');
  return {
    ...((consumptionMode === 'Stream' || consumptionMode === 'Queue') && { consumptionMode }),
    ...(maximumRetryAttempts !== undefined && { maximumRetryAttempts }),
    ...(maximumRecordAgeSeconds !== undefined && { maximumRecordAgeSeconds }),
    ...(bisectBatchOnFunctionError !== undefined && { bisectBatchOnFunctionError }),
    ...(reportBatchItemFailures !== undefined && { reportBatchItemFailures }),
    ...(onFailureDestination !== undefined && { onFailureDestination }),
    ...(schemaRegistry !== undefined && { schemaRegistry }),
    errorHandlingKeys: ERROR_HANDLING_KEYS.filter((key) => extra.has(key)),
  };
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

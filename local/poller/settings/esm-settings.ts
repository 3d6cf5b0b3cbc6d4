import { createHash } from 'node:crypto';
import {
  CONSUMER_GROUP_ID,
  DEFAULT_CONSUMPTION_MODE,
  MAXIMUM_RECORD_AGE_SECONDS,
  MAXIMUM_RETRY_ATTEMPTS,
  RETRIES_WITH_DESTINATION,
  type ConsumptionMode,
  type MetricGroup,
  type SystemLogLevel,
} from '../aws-limits';
import { isPlainObject, Problems, SettingsReader } from './checks';
import { parseOnFailureDestination } from './destination';
import type { OnFailureDestination } from './destination';
import { readEventSettings } from './event-settings';
import type { EventSourceSettings, KafkaSource, ProvisionedPollers } from './event-settings';
import { readExtraSettings } from './extra-settings';
import { kafkaFunctionTimeoutProblems } from './function-timeout';
import { checkConsumptionMode, checkKafkaDestinationMode, checkProvisionedOnly } from './mode-checks';
import { pollerGroupProblems } from './poller-groups';
import type { SchemaRegistryConfig } from './schema-registry-config';
import { EsmSettingsError } from '../errors';
import type { MappingProblems } from '../errors';

export type { StartingPosition } from '../aws-limits';
export type { OnFailureDestination } from './destination';
export type { EventSourceSettings, KafkaSource, ProvisionedPollers } from './event-settings';
export type { ConsumptionMode, MetricGroup, SystemLogLevel } from '../aws-limits';
export { EsmSettingsError } from '../errors';

/** One Kafka event source mapping as the poller runs it: validated, with AWS's defaults filled in. */
export interface EsmSettings extends EventSourceSettings {
  functionName: string;
  source: KafkaSource;
  /** The configured group, else `defaultConsumerGroupId(...)`. */
  consumerGroupId: string;
  /** -1 = retry until success or expiry; with an on-failure destination -1 becomes 10, as on AWS. */
  maximumRetryAttempts: number;
  /** -1 = records never expire. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
  onFailure?: OnFailureDestination;
  /** Records are validated and decoded against this registry before filtering and invoking. */
  schemaRegistry?: SchemaRegistryConfig;
  /** `provisionedPollerConfig`: provisioned mode, with its poller group. */
  provisionedPollers?: ProvisionedPollers;
  /** `MetricsConfig.Metrics`: the groups the mapping publishes; none unless set, as on AWS. */
  metricGroups: MetricGroup[];
  /** `LoggingConfig.SystemLogLevel`; unset, AWS writes no system logs and the poller logs as it always does. */
  systemLogLevel?: SystemLogLevel;
  /** `SelfManagedKafkaEventSourceConfig.ConsumptionMode`: consumer groups (Stream) or share groups (Queue). */
  consumptionMode: ConsumptionMode;
}

export interface EsmSettingsInput {
  service: string;
  stage: string;
  functionName: string;
  source: KafkaSource;
  /** The event's settings object: `functions.<name>.events[i].msk` (or `.kafka`). */
  event: unknown;
  /** Where the event sits in serverless.yml, for messages. */
  eventPath?: string;
  /** `custom.eventSourceMappings.<functionName>`, when there is one. */
  extraSettings?: unknown;
}

/**
 * AWS names a mapping's group after its UUID, new for every deploy of a new mapping. Locally the
 * group must outlive restarts so the poller resumes from its committed offsets, so the name is
 * derived from what identifies the mapping: service, stage and function.
 */
export function defaultConsumerGroupId(service: string, stage: string, functionName: string): string {
  const name = `${service}-${stage}-${functionName}`.replace(/[^a-zA-Z0-9\-/*:_+=.@]/g, '-');
  if (name.length <= CONSUMER_GROUP_ID.maxLength) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, CONSUMER_GROUP_ID.maxLength - digest.length - 1)}-${digest}`;
}

/**
 * Validates one `msk`/`kafka` event with its `custom.eventSourceMappings` block the way AWS
 * validates CreateEventSourceMapping, before anything starts. Throws `EsmSettingsError` listing
 * every problem of the function at once.
 */
export function resolveEsmSettings(input: EsmSettingsInput): EsmSettings {
  const { service, stage, functionName, source } = input;
  const problems = new Problems();
  const eventPath = input.eventPath ?? `functions.${functionName}.events[].${source}`;
  const extraPath = `custom.eventSourceMappings.${functionName}`;

  if (!isPlainObject(input.event)) {
    problems.add(eventPath, `must be an object with the ${source} event's settings`);
    throw new EsmSettingsError([{ functionName, problems: problems.all }]);
  }
  const { consumerGroupId, provisionedPollers, givenKeys, onFailureDestination, ...eventSource } = readEventSettings(source, new SettingsReader(input.event, eventPath, problems));
  const extra = readExtraSettings(input.extraSettings, extraPath, problems);
  checkConsumptionMode({ source, mode: extra.consumptionMode, givenEventKeys: givenKeys, eventPath, extraPath, problems });

  if (onFailureDestination !== undefined && extra.onFailureDestination !== undefined) {
    problems.add(extraPath, `destinationConfig and the kafka event's onFailureDestination both set an on-failure destination; keep one`);
  }
  const destination = extra.onFailureDestination ?? onFailureDestination;
  const destinationPath = extra.onFailureDestination !== undefined ? `${extraPath}.destinationConfig.onFailure.destination` : `${eventPath}.onFailureDestination`;
  checkProvisionedOnly({ source, provisioned: provisionedPollers !== undefined, provisionedOnlyKeys: extra.provisionedOnlyKeys, extraPath, problems });
  const onFailure = destination === undefined ? undefined : parseOnFailureDestination(destination, eventSource.topic, destinationPath, problems);
  checkKafkaDestinationMode({ source, provisioned: provisionedPollers !== undefined, destination: onFailure, destinationPath, problems });

  if (problems.all.length > 0) throw new EsmSettingsError([{ functionName, problems: problems.all }]);

  const maximumRetryAttempts = extra.maximumRetryAttempts ?? MAXIMUM_RETRY_ATTEMPTS.default;
  return {
    functionName,
    source,
    ...eventSource,
    consumerGroupId: consumerGroupId ?? defaultConsumerGroupId(service, stage, functionName),
    maximumRetryAttempts: onFailure && maximumRetryAttempts === MAXIMUM_RETRY_ATTEMPTS.default ? RETRIES_WITH_DESTINATION : maximumRetryAttempts,
    maximumRecordAgeSeconds: extra.maximumRecordAgeSeconds ?? MAXIMUM_RECORD_AGE_SECONDS.default,
    bisectBatchOnFunctionError: extra.bisectBatchOnFunctionError ?? false,
    reportBatchItemFailures: extra.reportBatchItemFailures ?? false,
    ...(onFailure !== undefined && { onFailure }),
    ...(extra.schemaRegistry !== undefined && { schemaRegistry: extra.schemaRegistry }),
    ...(provisionedPollers !== undefined && { provisionedPollers }),
    metricGroups: extra.metricGroups ?? [],
    ...(extra.systemLogLevel !== undefined && { systemLogLevel: extra.systemLogLevel }),
    consumptionMode: extra.consumptionMode ?? DEFAULT_CONSUMPTION_MODE,
  };
}

/** The parts of a resolved config (`serverless print --format json`) this module reads. */
export interface ServerlessConfigLike {
  service: string | { name: string };
  provider?: { stage?: string; timeout?: unknown };
  functions?: Record<string, { events?: unknown[]; timeout?: unknown } | null | undefined>;
  custom?: Record<string, unknown>;
}

/**
 * Every Kafka mapping of the service, validated together: one error lists the problems of every
 * function, and a `custom.eventSourceMappings` entry that names no Kafka-triggered function fails
 * loudly instead of being ignored.
 */
export function esmSettingsFromServerless(config: ServerlessConfigLike): EsmSettings[] {
  const service = typeof config.service === 'string' ? config.service : config.service.name;
  const stage = config.provider?.stage ?? 'dev';
  const blocks = config.custom?.eventSourceMappings;
  const extraBlocks = isPlainObject(blocks) ? blocks : {};
  const settings: EsmSettings[] = [];
  const failures: MappingProblems[] = [];
  if (blocks !== undefined && !isPlainObject(blocks)) {
    failures.push({ problems: ['custom.eventSourceMappings: must map function names to their settings'] });
  }

  const kafkaTriggered = new Set<string>();
  for (const [functionName, fn] of Object.entries(config.functions ?? {})) {
    (fn?.events ?? []).forEach((entry, index) => {
      const kafkaEvent = kafkaEventOf(entry);
      if (!kafkaEvent) return;
      kafkaTriggered.add(functionName);
      const eventPath = `functions.${functionName}.events[${index}].${kafkaEvent.source}`;
      try {
        settings.push(resolveEsmSettings({ service, stage, functionName, ...kafkaEvent, eventPath, extraSettings: extraBlocks[functionName] }));
      } catch (error) {
        if (!(error instanceof EsmSettingsError)) throw error;
        failures.push(...error.failures);
      }
    });
  }
  for (const functionName of Object.keys(extraBlocks).filter((name) => !kafkaTriggered.has(name))) {
    const problem = config.functions?.[functionName] ? `function "${functionName}" has no msk or kafka event` : `no function "${functionName}" in this service`;
    failures.push({ functionName, problems: [`custom.eventSourceMappings.${functionName}: ${problem}`] });
  }
  failures.push(...kafkaFunctionTimeoutProblems(config.functions ?? {}, kafkaTriggered, config.provider?.timeout));
  if (failures.length === 0) failures.push(...pollerGroupProblems(settings));

  if (failures.length > 0) throw new EsmSettingsError(failures);
  return settings;
}

function kafkaEventOf(entry: unknown): { source: KafkaSource; event: unknown } | undefined {
  if (!isPlainObject(entry)) return undefined;
  if ('msk' in entry) return { source: 'msk', event: entry.msk };
  if ('kafka' in entry) return { source: 'kafka', event: entry.kafka };
  return undefined;
}

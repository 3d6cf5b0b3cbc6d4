/**
 * serverless-offline-kafka, the local poller: Lambda's Kafka event source mapping on one machine.
 * This is the package's API, and only it: the plugin, its options, running a service's mappings
 * (or one mapping) from code, the settings, the errors and the event's types. The folders inside
 * (plugin, settings, filter, event, delivery, runtime, source, service, metrics, console, codecs)
 * are its own business; the repository's command helpers live in local/cli/. The Serverless
 * Framework loads the built file (dist/index.js) and takes its default export as the plugin.
 */
import { ServerlessOfflineKafka } from './plugin/serverless-offline-kafka';

export default ServerlessOfflineKafka;
export { ServerlessOfflineKafka };
export { PLUGIN_NAME, PluginOptionsError, readPluginOptions, type PluginOptions } from './plugin/options';

// Running a service's mappings, as the plugin and `npm run poller` do.
export { startPolling, type Polling, type PollingOptions } from './service/polling';
export { runService, type MappingStatus, type RunningService, type RunServiceOptions } from './service/run-service';
export { closeStatusServer, startStatusServer, type StatusServerOptions } from './service/status-server';
export { DEFAULT_BROKERS, DEFAULT_STATUS_PORT } from './service/cli-defaults';
export { literalEnvironment, loadServiceConfig, serviceConfigFrom, ServiceConfigError, type ServiceConfig } from './service/service-config';
export { jsonLinesLog, type PollerLog } from './log';

// One mapping, driven directly (the bench sets what serverless.yml cannot express).
export { Poller, type PollerOptions } from './source/poller';
export { QueuePoller, type QueuePollerOptions, type QueueStatus } from './queue';
export { setGroupConfigs } from './share-group';
export { kafkaLogCreator } from './source/kafka-log';
export type { MappingStateName, PartitionStatus, ProcessingResult } from './source/mapping-state';
export type { LambdaFunction } from './runtime/function-runtime';

// Settings, checked as AWS checks CreateEventSourceMapping.
export {
  defaultConsumerGroupId,
  esmSettingsFromServerless,
  resolveEsmSettings,
  type EsmSettings,
  type EsmSettingsInput,
  type ServerlessConfigLike,
} from './settings/esm-settings';
export { applySettings, deployEventSourceMappings, type CloudFormationResources } from './settings/cloudformation';
export { EsmSettingsError, FilterPatternError, InvalidParameterValueError, LambdaRuntimeError, PollerError } from './errors';
export { DEFAULT_BATCHING_WINDOW_MS, MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS } from './aws-limits';

// What the function and an on-failure topic receive.
export type { KafkaEvent, KafkaEventRecord } from '../../shared/kafka-event';
export type { OnFailureRecord } from './event/on-failure-record';

// kafkajs reads gzip alone; this plugs in snappy, LZ4 and zstd for every client of the process.
export { registerKafkaCodecs } from './codecs';

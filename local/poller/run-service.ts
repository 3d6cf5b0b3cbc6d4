import { Kafka, logLevel } from 'kafkajs';
import { esmSettingsFromServerless, type EsmSettings, type ServerlessConfigLike } from './esm-settings';
import { Poller, type PartitionStatus, type PollerLog } from './poller';
import { kafkaLogCreator } from './poller-log';
import { loadServiceConfig } from './service-config';

export interface RunServiceOptions {
  configPath: string;
  stage?: string;
  /** Only this function's mappings; all Kafka-triggered functions when unset. */
  functionName?: string;
  brokers: string[];
  log: PollerLog;
  retryBaseMs?: number;
}

export interface MappingStatus {
  function: string;
  topic: string;
  groupId: string;
  partitions: PartitionStatus[];
  totalLag: number;
}

export interface RunningService {
  mappings: EsmSettings[];
  status(): Promise<MappingStatus[]>;
  stop(): Promise<void>;
}

/**
 * Starts one poller per enabled `msk`/`kafka` event of a service, after validating every
 * mapping (an invalid one stops everything before anything starts, as a deploy would fail).
 */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const service = await loadServiceConfig(options.configPath, options.stage);
  const all = esmSettingsFromServerless(service.printed as ServerlessConfigLike);
  const mappings = all.filter((mapping) => mapping.enabled && (!options.functionName || mapping.functionName === options.functionName));
  if (options.functionName && !all.some((mapping) => mapping.functionName === options.functionName)) {
    throw new Error(`${service.configPath} has no function "${options.functionName}" with an msk or kafka event`);
  }
  const kafka = new Kafka({
    clientId: `local-poller-${service.service}`,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(options.log),
  });
  const bootstrapServers = options.brokers.join(',');
  const pollers = mappings.map((settings) => ({
    settings,
    poller: new Poller({
      kafka,
      fn: service.functions.get(settings.functionName)!,
      settings,
      groupId: settings.consumerGroupId,
      bootstrapServers,
      log: options.log,
      ...(options.retryBaseMs !== undefined && { retryBaseMs: options.retryBaseMs }),
    }),
  }));
  try {
    await Promise.all(pollers.map(({ poller }) => poller.start()));
  } catch (error) {
    await Promise.allSettled(pollers.map(({ poller }) => poller.stop()));
    throw error;
  }
  for (const { settings } of pollers) {
    options.log.info('polling', {
      function: settings.functionName,
      topic: settings.topic,
      groupId: settings.consumerGroupId,
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      startingPosition: settings.startingPosition,
    });
  }
  return {
    mappings,
    status: () =>
      Promise.all(
        pollers.map(async ({ settings, poller }) => {
          const partitions = await poller.status();
          return {
            function: settings.functionName,
            topic: settings.topic,
            groupId: settings.consumerGroupId,
            partitions,
            totalLag: partitions.reduce((sum, partition) => sum + partition.lag, 0),
          };
        }),
      ),
    stop: async () => {
      await Promise.all(pollers.map(({ poller }) => poller.stop()));
    },
  };
}

import { Kafka, logLevel } from 'kafkajs';
import { esmSettingsFromServerless, type EsmSettings, type ServerlessConfigLike } from '../settings/esm-settings';
import type { MappingStateName, ProcessingResult } from '../source/mapping-state';
import type { PollerLog } from '../log';
import { Poller, type PartitionStatus } from '../source/poller';
import { kafkaLogCreator } from '../source/kafka-log';
import { InvocationHistory } from '../console/invocation-history';
import { MetricsRegistry, type MappingCounts, type LagName } from '../metrics';
import type { ServiceConfig } from './service-config';

export interface RunServiceOptions {
  service: ServiceConfig;
  /** Only this function's mappings; all Kafka-triggered functions when unset. */
  functionName?: string;
  /** Functions whose mappings are left out. */
  exclude?: readonly string[];
  brokers: string[];
  log: PollerLog;
  retryBaseMs?: number;
  /** Reload a function when its source changes (true unless set false). */
  reload?: boolean;
}

export interface MappingStatus {
  function: string;
  topic: string;
  groupId: string;
  /** AWS's words: `Enabled` while it runs. */
  state: MappingStateName;
  /** AWS's words: `No records processed`, `OK`, or `PROBLEM: <cause>`. */
  lastProcessingResult: ProcessingResult;
  /** `unknown` when the broker did not answer in time. */
  partitions: PartitionStatus[] | 'unknown';
  totalLag: number | 'unknown';
  /** AWS's per-mapping metrics; the lag ones are absent when the lag is unknown. */
  metrics: MappingCounts & Partial<Record<LagName, number>>;
}

/** A running mapping, as the console shows it. */
export interface RunningMapping {
  settings: EsmSettings;
  invocations: InvocationHistory;
}

export interface RunningService {
  mappings: EsmSettings[];
  running: RunningMapping[];
  metrics: MetricsRegistry;
  status(): Promise<MappingStatus[]>;
  stop(): Promise<void>;
}

/**
 * Starts one poller per enabled `msk`/`kafka` event of a service, after validating every
 * mapping (an invalid one stops everything before anything starts, as a deploy would fail).
 */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const { service, exclude = [] } = options;
  const all = esmSettingsFromServerless(service.printed as ServerlessConfigLike);
  const mappings = all.filter(
    (mapping) => mapping.enabled && (!options.functionName || mapping.functionName === options.functionName) && !exclude.includes(mapping.functionName),
  );
  if (options.functionName && !all.some((mapping) => mapping.functionName === options.functionName)) {
    throw new Error(`${service.configPath} has no function "${options.functionName}" with an msk or kafka event`);
  }
  const bootstrapServers = options.brokers.join(',');
  const metrics = new MetricsRegistry();
  const pollers = mappings.map((settings) => {
    // A client per mapping (clients share no connections anyway), so kafkajs's errors tell whose they are.
    const kafka = new Kafka({
      clientId: `local-poller-${service.service}`,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.log, (message, fields) => poller.kafkaError(message, fields)),
    });
    const invocations = new InvocationHistory(settings.functionName);
    const mappingMetrics = metrics.mapping(settings.functionName, settings.topic, () => poller.status());
    const poller: Poller = new Poller({
      kafka,
      fn: service.functions.get(settings.functionName)!,
      settings,
      groupId: settings.consumerGroupId,
      bootstrapServers,
      log: options.log,
      ...(options.retryBaseMs !== undefined && { retryBaseMs: options.retryBaseMs }),
      reload: options.reload ?? true,
      metrics: mappingMetrics,
      invocations,
    });
    return { settings, poller, mappingMetrics, invocations };
  });
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
    running: pollers.map(({ settings, invocations }) => ({ settings, invocations })),
    metrics,
    status: () =>
      Promise.all(
        pollers.map(async ({ settings, poller, mappingMetrics }) => {
          const partitions = await poller.status();
          return {
            function: settings.functionName,
            topic: settings.topic,
            groupId: settings.consumerGroupId,
            state: poller.state.state,
            lastProcessingResult: poller.state.lastProcessingResult,
            partitions,
            totalLag: partitions === 'unknown' ? partitions : partitions.reduce((sum, partition) => sum + partition.lag, 0),
            metrics: mappingMetrics.snapshot(partitions),
          };
        }),
      ),
    stop: async () => {
      await Promise.all(pollers.map(({ poller }) => poller.stop()));
    },
  };
}

import { Kafka, logLevel } from 'kafkajs';
import { chosenAuth, connectMapping, keepConnecting, type AuthOverride, type MappingAuth } from '../connection';
import { esmSettingsFromServerless, type EsmSettings, type ServerlessConfigLike } from '../settings/esm-settings';
import { MappingState, type MappingStateName, type ProcessingResult } from '../source/mapping-state';
import type { PollerLog } from '../log';
import { Poller, type PartitionStatus } from '../source/poller';
import { kafkaLogCreator } from '../source/kafka-log';
import { InvocationHistory } from '../console/invocation-history';
import { MetricsRegistry, type LagName, type MappingCounts, type MappingMetrics } from '../metrics';
import { ServiceConfigError, type ServiceConfig } from './service-config';


export interface RunServiceOptions {
  service: ServiceConfig;
  /** Only this function's mappings; all Kafka-triggered functions when unset. */
  functionName?: string;
  /** Functions whose mappings are left out. */
  exclude?: readonly string[];
  brokers: string[];
  /** How the mappings log in: as their events say, not at all (the default: the open local broker), or with another mechanism. */
  auth?: AuthOverride;
  /** `msk` events connect to their cluster's brokers from GetBootstrapBrokers instead of `brokers`. */
  mskBootstrap?: boolean;
  /** `kafka` events connect to their own `bootstrapServers` instead of `brokers`: true by default when they log in (`auth` is not `none`). */
  brokersFromEvents?: boolean;
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

/** One mapping: how it logs in, its state while it is not connected yet, and its poller once it is. */
interface MappingEntry {
  settings: EsmSettings;
  auth: MappingAuth;
  connecting: MappingState;
  invocations: InvocationHistory;
  metrics: MappingMetrics;
  poller?: Poller;
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
    throw new ServiceConfigError(`${service.configPath} has no function "${options.functionName}" with an msk or kafka event`);
  }
  const override = options.auth ?? { choice: 'none' };
  const abort = new AbortController();
  const metrics = new MetricsRegistry();
  const entries: MappingEntry[] = mappings.map((settings) => {
    const entry: MappingEntry = {
      settings,
      auth: chosenAuth(settings.auth, override, `the ${settings.source} event of ${settings.functionName}`),
      connecting: new MappingState(),
      invocations: new InvocationHistory(settings.functionName),
      metrics: metrics.mapping(settings.functionName, settings.topic, () => entry.poller?.status() ?? Promise.resolve('unknown' as const)),
    };
    return entry;
  });

  /** Connects the mapping as it logs in, then makes and starts its poller; a poller that fails to start is stopped. */
  const start = async (entry: MappingEntry): Promise<void> => {
    const { settings } = entry;
    const connection = await connectMapping(settings, entry.auth, {
      brokers: options.brokers,
      brokersFromEvents: options.brokersFromEvents ?? override.choice !== 'none',
      mskBootstrap: options.mskBootstrap ?? false,
    });
    // A client per mapping (clients share no connections anyway), so kafkajs's errors tell whose they are.
    const kafka = new Kafka({
      clientId: `local-poller-${service.service}`,
      ...connection.config,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.log, (message, fields) => poller.kafkaError(message, fields)),
    });
    const poller: Poller = new Poller({
      kafka,
      fn: service.functions.get(settings.functionName)!,
      settings,
      groupId: settings.consumerGroupId,
      bootstrapServers: (connection.config.brokers as string[]).join(','),
      log: options.log,
      ...(options.retryBaseMs !== undefined && { retryBaseMs: options.retryBaseMs }),
      reload: options.reload ?? true,
      metrics: entry.metrics,
      invocations: entry.invocations,
    });
    entry.poller = poller;
    try {
      await poller.start();
    } catch (error) {
      entry.poller = undefined;
      await poller.stop().catch(() => undefined);
      throw error;
    }
    // Stopped while it was connecting in the background.
    if (abort.signal.aborted) {
      await poller.stop();
      return;
    }
    if (entry.connecting.problem) options.log.info('mapping polls again', { function: settings.functionName, topic: settings.topic });
    options.log.info('polling', {
      function: settings.functionName,
      topic: settings.topic,
      groupId: settings.consumerGroupId,
      login: connection.login,
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      startingPosition: settings.startingPosition,
    });
  };

  try {
    await Promise.all(
      entries.map((entry) =>
        keepConnecting(() => start(entry), {
          signal: abort.signal,
          // Logged once per cause, as the poller does, not on every retry.
          onProblem: (problem) => {
            if (entry.connecting.failed(problem.message)) {
              const { settings } = entry;
              options.log.error('mapping cannot poll', { function: settings.functionName, topic: settings.topic, lastProcessingResult: entry.connecting.lastProcessingResult });
            }
          },
        }),
      ),
    );
  } catch (error) {
    abort.abort();
    await Promise.allSettled(entries.flatMap(({ poller }) => (poller ? [poller.stop()] : [])));
    throw error;
  }
  return {
    mappings,
    running: entries.map(({ settings, invocations }) => ({ settings, invocations })),
    metrics,
    status: () =>
      Promise.all(
        entries.map(async ({ settings, poller, connecting, metrics: mappingMetrics }): Promise<MappingStatus> => {
          if (!poller) {
            // Not connected yet: what stands in the way is its problem.
            return { function: settings.functionName, topic: settings.topic, groupId: settings.consumerGroupId, state: connecting.state, lastProcessingResult: connecting.lastProcessingResult, partitions: 'unknown', totalLag: 'unknown', metrics: mappingMetrics.snapshot('unknown') };
          }
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
      abort.abort();
      await Promise.all(entries.flatMap(({ poller }) => (poller ? [poller.stop()] : [])));
    },
  };
}

import { Kafka, logLevel } from 'kafkajs';
import { chosenAuth, connectMapping, keepConnecting, type AuthOverride, type MappingAuth } from '../connection';
import { esmSettingsFromServerless, type EsmSettings, type ServerlessConfigLike } from '../settings/esm-settings';
import { MappingState } from '../source/mapping-state';
import type { MappingStatus } from '../mapping-status';
import type { PollerLog } from '../log';
import { kafkaLogCreator } from '../source/kafka-log';
import { systemLog } from '../system-log';
import { InvocationHistory } from '../console/invocation-history';
import { PipelineEvents } from '../delivery/pipeline-events';
import { metricGroupStates, MetricsRegistry, type MappingMetrics } from '../metrics';
import { QueueMetrics, QueuePoller } from '../queue';
import type { RunSettings } from '../run-settings';
import { createMappingPoller, type MappingPoller } from './mapping-poller';
import { logStateChanges, watchMapping } from './mapping-watchers';
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
  /** How the mappings run: retry backoff, reloading (`runSettings()`). */
  run: RunSettings;
}

export type { MappingStatus } from '../mapping-status';

/** A running mapping, as the console shows it. */
export interface RunningMapping {
  settings: EsmSettings;
  invocations: InvocationHistory;
}

/** One mapping: how it logs in, its state from its first connection attempt on, what it tells its watchers, and its poller once it connects. */
interface MappingEntry {
  settings: EsmSettings;
  auth: MappingAuth;
  state: MappingState;
  events: PipelineEvents;
  invocations: InvocationHistory;
  metrics: MappingMetrics;
  /** Its lines at its `LoggingConfig.SystemLogLevel`. */
  log: PollerLog;
  poller?: MappingPoller;
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
  let queueMetrics: QueueMetrics | undefined;
  const entries: MappingEntry[] = mappings.map((settings) => {
    const log = systemLog(options.log, settings.systemLogLevel);
    const entry: MappingEntry = {
      settings,
      auth: chosenAuth(settings.auth, override, `the ${settings.source} event of ${settings.functionName}`),
      state: new MappingState(logStateChanges(log, settings.functionName, settings.topic)),
      events: new PipelineEvents(),
      invocations: new InvocationHistory(settings.functionName),
      metrics: metrics.mapping(settings.functionName, settings.topic, () => entry.poller?.status() ?? Promise.resolve('unknown' as const), settings.metricGroups),
      log,
    };
    watchMapping(entry.events, { functionName: settings.functionName, log, metrics: entry.metrics, invocations: entry.invocations });
    return entry;
  });

  /** Connects the mapping as it logs in, then makes and starts its poller; a poller that fails to start is stopped. */
  const start = async (entry: MappingEntry): Promise<void> => {
    const { settings, log } = entry;
    const connection = await connectMapping(settings, entry.auth, {
      brokers: options.brokers,
      brokersFromEvents: options.brokersFromEvents ?? override.choice !== 'none',
      mskBootstrap: options.mskBootstrap ?? false,
    });
    // A client per mapping (clients share no connections anyway), so kafkajs's errors tell whose they are.
    const clientId = `local-poller-${service.service}`;
    const kafka = new Kafka({
      clientId,
      ...connection.config,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(log, (message, fields) => poller.kafkaError(message, fields)),
    });
    const poller: MappingPoller = createMappingPoller(
      {
        kafka,
        fn: service.functions.get(settings.functionName)!,
        settings,
        groupId: settings.consumerGroupId,
        bootstrapServers: (connection.config.brokers as string[]).join(','),
        log,
        run: options.run,
        state: entry.state,
        events: entry.events,
      },
      connection,
      clientId,
    );
    entry.poller = poller;
    if (poller instanceof QueuePoller) (queueMetrics ??= new QueueMetrics(metrics.registry)).add(settings.functionName, settings.topic, () => poller.counts);
    const connectionProblem = entry.state.problem ? entry.state.lastProcessingResult : undefined;
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
    // The connection problem is over, unless the running poller has reported a newer one.
    if (connectionProblem && entry.state.lastProcessingResult === connectionProblem) entry.state.polled();
    log.info('polling', {
      function: settings.functionName,
      topic: settings.topic,
      groupId: settings.consumerGroupId,
      login: connection.login,
      batchSize: settings.batchSize,
      batchingWindowMs: settings.batchingWindowMs,
      ...(settings.consumptionMode === 'Queue' ? { consumptionMode: 'Queue' } : { startingPosition: settings.startingPosition }),
    });
  };

  try {
    await Promise.all(
      entries.map((entry) =>
        keepConnecting(() => start(entry), {
          signal: abort.signal,
          // The state tells the log once per cause, not on every retry.
          onProblem: (problem) => entry.state.failed(problem.message),
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
        entries.map(async ({ settings, poller, state, metrics: mappingMetrics }): Promise<MappingStatus> => {
          // Not connected yet: what stands in the way is its problem.
          const [partitions, queue] = poller
            ? await Promise.all([poller.status(), poller instanceof QueuePoller ? poller.queueStatus() : undefined])
            : ['unknown' as const, undefined];
          return {
            function: settings.functionName,
            topic: settings.topic,
            groupId: settings.consumerGroupId,
            state: state.state,
            lastProcessingResult: state.lastProcessingResult,
            partitions,
            totalLag: partitions === 'unknown' ? partitions : partitions.reduce((sum, partition) => sum + partition.lag, 0),
            metrics: mappingMetrics.snapshot(partitions),
            metricGroups: metricGroupStates(settings.metricGroups),
            ...(settings.provisionedPollers?.pollerGroupName !== undefined && { pollerGroupName: settings.provisionedPollers.pollerGroupName }),
            ...(settings.systemLogLevel !== undefined && { systemLogLevel: settings.systemLogLevel }),
            ...(queue && { queue }),
          };
        }),
      ),
    stop: async () => {
      abort.abort();
      await Promise.all(entries.flatMap(({ poller }) => (poller ? [poller.stop()] : [])));
    },
  };
}

import { systemLog } from '../system-log';
import type { AddressInfo } from 'node:net';
import type { PollerLog } from '../log';
import { openInspector } from './inspector';
import { runService, type RunningService, type RunServiceOptions } from './run-service';
import { FORCE_HINT } from '../../cli';
import { closeStatusServer, startStatusServer } from './status-server';

export interface PollingOptions extends RunServiceOptions {
  /** 0: no status server. A taken port falls back to one the OS picks. */
  statusPort: number;
  /** Offset lag logged per mapping this often; 0: never. */
  lagIntervalSeconds: number;
  log: PollerLog;
  /** Open this process's inspector on 127.0.0.1 at this port (0: one the OS picks), to debug the functions. */
  inspectPort?: number;
  /** Topics the console shows as dead-letter topics, beside the mappings' on-failure destinations. */
  deadLetterTopics?: readonly string[];
}

export interface Polling {
  service: RunningService;
  /** Where `GET /status` answers, when it does. */
  statusPort?: number;
  /** The longest `stop()` waits for an invocation in flight: the longest timeout of the functions polled for. */
  stopWaitsUpToSeconds: number;
  stop(): Promise<void>;
}

/**
 * A service's mappings running, with their status server and lag lines: what `npm run poller`
 * and the Serverless plugin both start, and stop again with `stop()`.
 */
export async function startPolling(options: PollingOptions): Promise<Polling> {
  const { log } = options;
  const closeInspector = options.inspectPort === undefined ? () => undefined : openInspector(options.inspectPort, log);
  let service: RunningService;
  try {
    service = await runService(options);
  } catch (error) {
    closeInspector();
    throw error;
  }
  let server;
  try {
    server = options.statusPort > 0 ? await startStatusServer(service, options.statusPort, log, {
            brokers: options.brokers,
            ...(options.deadLetterTopics && { deadLetterTopics: options.deadLetterTopics }),
          }) : undefined;
  } catch (error) {
    await service.stop();
    closeInspector();
    throw error;
  }
  const lagTimer =
    options.lagIntervalSeconds > 0
      ? setInterval(() => {
          service.status().then(
            (mappings) => mappings.forEach((mapping) => systemLog(log, mapping.systemLogLevel).info('offset lag', { ...mapping })),
            (error: Error) => log.warn('offset lag unavailable', { error: error.message }),
          );
        }, options.lagIntervalSeconds * 1000)
      : undefined;
  return {
    service,
    stopWaitsUpToSeconds: Math.max(0, ...service.mappings.map((mapping) => options.service.functions.get(mapping.functionName)?.timeoutSeconds ?? 0)),
    ...(server && { statusPort: (server.address() as AddressInfo).port }),
    stop: async () => {
      clearInterval(lagTimer);
      await Promise.all([service.stop(), server && closeStatusServer(server)]);
      closeInspector();
    },
  };
}

/** The `stopping` line, as the CLI and the plugin say it: how long the stop may wait, and how to cut it short. */
export function logStopping(log: PollerLog, polling: Polling, signal: NodeJS.Signals): void {
  log.info('stopping', { signal, waitsUpToSeconds: polling.stopWaitsUpToSeconds, force: `${FORCE_HINT}: batches in flight are then not committed and are delivered again` });
}

/** The `forced stop` line: what a forced stop leaves behind. */
export function logForcedStop(log: PollerLog, signal: NodeJS.Signals): void {
  log.warn('forced stop', { signal, uncommitted: 'batches in flight are delivered again; the group drops this member once its session times out' });
}

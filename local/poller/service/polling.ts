import type { AddressInfo } from 'node:net';
import type { PollerLog } from '../log';
import { runService, type RunningService, type RunServiceOptions } from './run-service';
import { startStatusServer } from './status-server';

export interface PollingOptions extends RunServiceOptions {
  /** 0: no status server. A taken port falls back to one the OS picks. */
  statusPort: number;
  /** Offset lag logged per mapping this often; 0: never. */
  lagIntervalSeconds: number;
  log: PollerLog;
}

export interface Polling {
  service: RunningService;
  /** Where `GET /status` answers, when it does. */
  statusPort?: number;
  stop(): Promise<void>;
}

/**
 * A service's mappings running, with their status server and lag lines: what `npm run poller`
 * and the Serverless plugin both start, and stop again with `stop()`.
 */
export async function startPolling(options: PollingOptions): Promise<Polling> {
  const { log } = options;
  const service = await runService(options);
  let server;
  try {
    server = options.statusPort > 0 ? await startStatusServer(service, options.statusPort, log) : undefined;
  } catch (error) {
    await service.stop();
    throw error;
  }
  const lagTimer =
    options.lagIntervalSeconds > 0
      ? setInterval(() => {
          service.status().then(
            (mappings) => mappings.forEach((mapping) => log.info('offset lag', { ...mapping })),
            (error: Error) => log.warn('offset lag unavailable', { error: error.message }),
          );
        }, options.lagIntervalSeconds * 1000)
      : undefined;
  return {
    service,
    ...(server && { statusPort: (server.address() as AddressInfo).port }),
    stop: async () => {
      clearInterval(lagTimer);
      await Promise.all([service.stop(), server && new Promise((resolve) => server.close(resolve))]);
    },
  };
}

import { logLevel, type logCreator } from 'kafkajs';
import type { PollerLog } from '../log';

/**
 * kafkajs's own warnings and errors, through the same log as warnings: kafkajs calls errors what
 * a rebalance does every time. `onError` sees its errors, to tell those that stop polling.
 */
export function kafkaLogCreator(log: PollerLog, onError?: (message: string, fields: Record<string, unknown>) => void): logCreator {
  return () =>
    ({ level, log: entry }) => {
      if (level <= logLevel.WARN && level !== logLevel.NOTHING) {
        const { message, timestamp: _timestamp, ...fields } = entry;
        log.warn(`kafkajs: ${message}`, fields);
        if (level === logLevel.ERROR) onError?.(message, fields);
      }
    };
}

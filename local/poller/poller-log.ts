import type { logCreator } from 'kafkajs';
import { logLevel } from 'kafkajs';
import type { PollerLog } from './poller';

/** One JSON line per event on stdout (warnings and errors on stderr), so logs can be read by people and jq alike. */
export function jsonLinesLog(component = 'poller'): PollerLog {
  const write = (stream: NodeJS.WriteStream, level: string, message: string, fields: Record<string, unknown>): void => {
    stream.write(`${JSON.stringify({ level, time: new Date().toISOString(), component, message, ...fields })}\n`);
  };
  return {
    info: (message, fields) => write(process.stdout, 'INFO', message, fields),
    warn: (message, fields) => write(process.stderr, 'WARN', message, fields),
    error: (message, fields) => write(process.stderr, 'ERROR', message, fields),
  };
}

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

import { logLevel, type logCreator } from 'kafkajs';
import type { PollerLog } from '../log';

/** kafkajs reports a rebalance in progress at WARN and ERROR; it is how a group takes in or lets go of a member, not a fault. */
const REBALANCING = /rebalanc/i;

/**
 * kafkajs's own warnings and errors, through the same log as warnings, but a rebalance's, which are
 * information: a second poller joining the group is no problem to warn of. `onError` sees its
 * errors, to tell those that stop polling.
 */
export function kafkaLogCreator(log: PollerLog, onError?: (message: string, fields: Record<string, unknown>) => void): logCreator {
  return () =>
    ({ level, log: entry }) => {
      if (level <= logLevel.WARN && level !== logLevel.NOTHING) {
        const { message, timestamp: _timestamp, ...fields } = entry;
        if (REBALANCING.test(message) || REBALANCING.test(String(fields.error ?? ''))) log.info(`kafkajs: ${message}`, fields);
        else log.warn(`kafkajs: ${message}`, fields);
        if (level === logLevel.ERROR) onError?.(message, fields);
      }
    };
}

import { SYSTEM_LOG_LEVELS, type SystemLogLevel } from './aws-limits';
import type { PollerLog } from './log';

/**
 * The system-log level each of a mapping's log lines stands at, in `esm-logging`'s terms: DEBUG
 * "detailed information for event source processing progress", INFO "messages about the normal
 * operation", WARN "potential warns and errors". One table, so the pipeline's code keeps calling
 * `info` and `warn`; a line not listed keeps its own level (an `error` counts as WARN).
 */
export const SYSTEM_LOG_LINES: Record<string, SystemLogLevel> = {
  invocation: 'DEBUG',
  'offset lag': 'DEBUG',
  polling: 'INFO',
  'mapping polls again': 'INFO',
  'mapping cannot poll': 'WARN',
  'records not decoded': 'WARN',
  'records dropped': 'WARN',
  'records sent to on-failure destination': 'WARN',
  'on-failure destination unavailable, retrying': 'WARN',
  'offset commit failed': 'WARN',
  'starting position not pinned': 'WARN',
};

function levelOf(message: string, called: 'info' | 'warn' | 'error'): SystemLogLevel {
  if (message.startsWith('kafkajs: ')) return 'WARN';
  return SYSTEM_LOG_LINES[message] ?? (called === 'info' ? 'INFO' : 'WARN');
}

/**
 * A mapping's log, following its `LoggingConfig.SystemLogLevel`: a line goes out when its level is
 * the mapping's or one of less detail, as Lambda's event pollers send theirs. Without a level the
 * poller says everything, as it always has (AWS then writes no system logs at all).
 */
export function systemLog(log: PollerLog, level: SystemLogLevel | undefined): PollerLog {
  if (level === undefined) return log;
  const least = SYSTEM_LOG_LEVELS.indexOf(level);
  const passes = (message: string, called: 'info' | 'warn' | 'error') => SYSTEM_LOG_LEVELS.indexOf(levelOf(message, called)) >= least;
  return {
    info: (message, fields) => passes(message, 'info') && log.info(message, { ...fields, systemLogLevel: levelOf(message, 'info') }),
    warn: (message, fields) => passes(message, 'warn') && log.warn(message, { ...fields, systemLogLevel: levelOf(message, 'warn') }),
    error: (message, fields) => passes(message, 'error') && log.error(message, { ...fields, systemLogLevel: levelOf(message, 'error') }),
  };
}

/** Where the poller says what it does: one call per event, with its fields. */
export interface PollerLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

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

import { systemLog } from '../../../local/poller/system-log';
import type { PollerLog } from '../../../local/poller/index';

function recording(): { log: PollerLog; lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  return { log: { info: write('INFO'), warn: write('WARN'), error: write('ERROR') }, lines };
}

/** One line of each system-log level a mapping writes, as the pipeline calls them. */
function writeEach(log: PollerLog): void {
  log.info('invocation', {});
  log.info('polling', {});
  log.warn('records dropped', {});
  log.warn('kafkajs: Connection timeout', {});
  log.error('mapping cannot poll', {});
}

describe('LoggingConfig.SystemLogLevel on the poller’s lines for a mapping', () => {
  it.each([
    ['DEBUG', ['INFO invocation', 'INFO polling', 'WARN records dropped', 'WARN kafkajs: Connection timeout', 'ERROR mapping cannot poll']],
    ['INFO', ['INFO polling', 'WARN records dropped', 'WARN kafkajs: Connection timeout', 'ERROR mapping cannot poll']],
    ['WARN', ['WARN records dropped', 'WARN kafkajs: Connection timeout', 'ERROR mapping cannot poll']],
  ] as const)('%s sends its own lines and those of less detail', (level, expected) => {
    const { log, lines } = recording();
    writeEach(systemLog(log, level));
    expect(lines).toEqual(expected);
  });

  it('leaves every line in when the mapping sets no level', () => {
    const { log, lines } = recording();
    writeEach(systemLog(log, undefined));
    expect(lines).toHaveLength(5);
  });

  it('names the system-log level each line stands at', () => {
    const fields: Record<string, unknown>[] = [];
    const log: PollerLog = { info: (_m, f) => void fields.push(f), warn: (_m, f) => void fields.push(f), error: (_m, f) => void fields.push(f) };
    writeEach(systemLog(log, 'DEBUG'));
    expect(fields.map((field) => field.systemLogLevel)).toEqual(['DEBUG', 'INFO', 'WARN', 'WARN', 'WARN']);
  });
});

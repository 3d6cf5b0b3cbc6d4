import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from '../../../../local/poller/source/kafka-log';
import type { PollerLog } from '../../../../local/poller/log';

function recordingLog(): PollerLog & { lines: [string, string][] } {
  const lines: [string, string][] = [];
  return { lines, info: (message) => lines.push(['INFO', message]), warn: (message) => lines.push(['WARN', message]), error: (message) => lines.push(['ERROR', message]) };
}

describe('kafkaLogCreator', () => {
  it("logs a rebalance in progress (a second member joining) as information, other kafkajs warnings and errors as warnings, and passes errors on", () => {
    const log = recordingLog();
    const errors: string[] = [];
    const write = kafkaLogCreator(log, (message) => errors.push(message))(logLevel.INFO);
    const entry = (message: string, fields: Record<string, unknown> = {}) => ({ namespace: '', label: '', log: { timestamp: '', message, ...fields } });
    // As kafkajs 2.2.4 wrote them when a second poller joined the group (npm start beside npm run poller).
    write({ level: logLevel.ERROR, ...entry('Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing, so a rejoin is needed' }) });
    write({ level: logLevel.WARN, ...entry('The group is rebalancing, re-joining', { error: 'The group is rebalancing, so a rejoin is needed' }) });
    write({ level: logLevel.ERROR, ...entry('Connection error: connect ECONNREFUSED 127.0.0.1:9092') });
    write({ level: logLevel.INFO, ...entry('Consumer has joined the group') });
    expect(log.lines).toEqual([
      ['INFO', 'kafkajs: Response Heartbeat(key: 12, version: 3)'],
      ['INFO', 'kafkajs: The group is rebalancing, re-joining'],
      ['WARN', 'kafkajs: Connection error: connect ECONNREFUSED 127.0.0.1:9092'],
    ]);
    expect(errors).toEqual(['Response Heartbeat(key: 12, version: 3)', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092']);
  });
});

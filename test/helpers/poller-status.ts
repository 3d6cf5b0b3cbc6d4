import type { PollerLogLine, PollerProcess } from './poller-process';
import { waitUntil } from './wait';

export interface MappingStatusLine {
  function: string;
  topic: string;
  state: string;
  lastProcessingResult: string;
  partitions: { partition: number; committed: number; lag: number }[] | 'unknown';
}

/** `GET /status` of a poller's status endpoint: its mappings. */
export async function pollerStatus(port: number): Promise<MappingStatusLine[]> {
  const response = await fetch(`http://127.0.0.1:${port}/status`);
  if (!response.ok) throw new Error(`status answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { mappings: MappingStatusLine[] }).mappings;
}

/** Waits until the (only) mapping's `lastProcessingResult` satisfies `matches`; returns that status. */
export function waitForProcessingResult(port: number, what: string, matches: (result: string) => boolean, timeoutMs = 45_000): Promise<MappingStatusLine> {
  return waitUntil(
    `status shows ${what}`,
    async () => {
      const [mapping] = await pollerStatus(port);
      return mapping && matches(mapping.lastProcessingResult) && mapping;
    },
    timeoutMs,
  );
}

/** The JSON lines a poller wrote on stderr (warnings and errors). */
export function stderrLines(poller: PollerProcess): PollerLogLine[] {
  return poller.stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PollerLogLine);
}

export function errorLines(poller: PollerProcess): PollerLogLine[] {
  return stderrLines(poller).filter((line) => line.level === 'ERROR');
}

import { FORCE_AFTER_MS, onShutdownSignals } from '../../../local/cli/shutdown-signals';

/** Signals as the process receives them (emitted, so no real signal reaches the test runner), with the clock at `atMs`. */
function run(signals: [atMs: number, signal: NodeJS.Signals][]): string[] {
  const calls: string[] = [];
  const start = Date.now();
  const now = jest.spyOn(Date, 'now');
  const remove = onShutdownSignals({ stop: (signal) => calls.push(`stop ${signal}`), force: (signal) => calls.push(`force ${signal}`) });
  try {
    for (const [atMs, signal] of signals) {
      now.mockReturnValue(start + atMs);
      process.emit(signal, signal);
    }
  } finally {
    remove();
    now.mockRestore();
  }
  return calls;
}

describe('onShutdownSignals', () => {
  it.each<[string, [number, NodeJS.Signals][], string[]]>([
    ['one Ctrl-C reaching npm and node (node gets two)', [[0, 'SIGINT'], [5, 'SIGINT']], ['stop SIGINT']],
    ['Ctrl-C pressed twice in a row', [[0, 'SIGINT'], [300, 'SIGINT'], [FORCE_AFTER_MS - 1, 'SIGINT']], ['stop SIGINT']],
    ['SIGTERM repeated by a process manager, long after', [[0, 'SIGTERM'], [10_000, 'SIGTERM'], [60_000, 'SIGTERM']], ['stop SIGTERM']],
    ["an IDE's SIGTERM, then the orphan check's SIGHUP once npm is killed", [[0, 'SIGTERM'], [5_500, 'SIGHUP']], ['stop SIGTERM']],
    ['a closed terminal: SIGHUP to the group', [[0, 'SIGHUP'], [1, 'SIGHUP']], ['stop SIGHUP']],
    ['Ctrl-C again, later: a forced stop, once', [[0, 'SIGINT'], [FORCE_AFTER_MS, 'SIGINT'], [FORCE_AFTER_MS + 1, 'SIGINT']], ['stop SIGINT', 'force SIGINT']],
    ['Ctrl-C after a SIGTERM stop began long ago', [[0, 'SIGTERM'], [30_000, 'SIGINT']], ['stop SIGTERM', 'force SIGINT']],
  ])('%s', (_name, signals, expected) => {
    expect(run(signals)).toEqual(expected);
  });
});

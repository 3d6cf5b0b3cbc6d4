/** What ends a run: Ctrl-C, `kill PID` and process managers, a closed terminal or a parent gone. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * A Ctrl-C at least this long after the first signal is a second press, and forces the stop.
 * Sooner it is the same stop asked again: a terminal's Ctrl-C reaches npm and node both, npm
 * passes its own on, a closed terminal sends SIGHUP and SIGCONT, a double press comes within
 * a few hundred milliseconds.
 */
export const FORCE_AFTER_MS = 2_000;

/** What a person reads when the stop starts: how to cut it short, and what that costs. */
export const FORCE_HINT = `Ctrl-C again (${FORCE_AFTER_MS / 1000} s or more after this line) exits at once`;

export interface ShutdownHandlers {
  /** The first SIGINT, SIGTERM or SIGHUP: a clean stop. Every later signal leaves it running. */
  stop(signal: NodeJS.Signals): void;
  /** A SIGINT `FORCE_AFTER_MS` or more after the first signal: the person wants out now. */
  force(signal: NodeJS.Signals): void;
}

/**
 * Listens for the shutdown signals for good (a `once` listener would let the second signal of a
 * Ctrl-C kill the process mid-stop). Only a later Ctrl-C forces: SIGTERM and SIGHUP repeated by
 * process managers, npm or the orphan check below never cut a stop short. Returns what removes
 * the listeners again.
 */
export function onShutdownSignals(handlers: ShutdownHandlers): () => void {
  let firstAt: number | undefined;
  let forced = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      // A closed terminal fails every later write (EIO, EPIPE): the stop must not die of its own log lines.
      for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
      handlers.stop(signal);
      return;
    }
    if (signal !== 'SIGINT' || forced || Date.now() - firstAt < FORCE_AFTER_MS) return;
    forced = true;
    handlers.force(signal);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, handle);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, handle);
  };
}

const ORPHAN_CHECK_MS = 500;

/**
 * npm passes SIGINT and SIGTERM on to its script but dies of SIGHUP without passing it on, and a
 * parent killed outright passes nothing: once this process has been handed to init (or a
 * subreaper), it sends itself the SIGHUP a closed terminal would have sent, so it shuts down as
 * on any other signal instead of running on unseen.
 */
export function hangUpWhenOrphaned(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.kill(process.pid, 'SIGHUP');
  }, ORPHAN_CHECK_MS);
  timer.unref();
}

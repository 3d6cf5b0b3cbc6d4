/** What ends a run: Ctrl-C, `kill PID` and process managers, a closed terminal or a parent gone. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

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

/** The shutdown signals live with the poller, which ships on its own; the launchers here use them from there. */
export { hangUpWhenOrphaned, SHUTDOWN_SIGNALS } from './poller';

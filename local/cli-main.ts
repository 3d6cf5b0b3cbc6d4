/** `runCli` lives with the poller, which ships on its own; the launchers here use it from there. */
export { runCli } from './poller';

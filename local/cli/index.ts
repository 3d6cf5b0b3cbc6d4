/**
 * What the repository's commands share as processes: running a CLI's `main`, the signals that end
 * a run and the orphan check, and running the service's `serverless` CLI. The launchers (Kafka,
 * DynamoDB Local, the schema registry, `npm start`), the bench and the poller's own CLI import it;
 * the published plugin carries only what the poller itself uses of it (`serverlessPrint`).
 */
export { runCli } from './run-cli';
export { FORCE_AFTER_MS, FORCE_HINT, hangUpWhenOrphaned, onShutdownSignals, SHUTDOWN_SIGNALS, type ShutdownHandlers } from './shutdown-signals';
export { serverlessBin, serverlessPrint, ServerlessPrintError, type ServerlessPrintOptions } from './serverless-cli';

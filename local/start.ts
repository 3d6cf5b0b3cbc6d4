import { kafkaDown, kafkaUp } from './kafka/cluster';

/**
 * `npm start`: everything up, one "ready" line, and on Ctrl-C everything this run started is
 * stopped again (a cluster that was already running is left as it was).
 */
async function main(): Promise<void> {
  const progress = (line: string): void => console.log(`[start] ${line}`);
  const { cluster, startedHere } = await kafkaUp({ progress });

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    progress(`${signal}: stopping what this run started`);
    if (startedHere) await kafkaDown({ progress });
    process.exit(0);
  };
  process.once('SIGINT', (signal) => void stop(signal));
  process.once('SIGTERM', (signal) => void stop(signal));

  progress(`ready: Kafka ${cluster.kafkaVersion} at ${cluster.bootstrapServers.join(',')} (Ctrl-C stops it)`);
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: Error) => {
  console.error(`[start] ${error.message}`);
  process.exit(1);
});

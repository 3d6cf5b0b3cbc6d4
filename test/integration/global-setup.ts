import { kafkaUp } from '../../local/kafka/cluster';

/**
 * One real broker for every integration test: the developer's running cluster when there is
 * one (or KAFKA_BROKERS), else one started here and stopped in global-teardown.ts.
 */
export default async function globalSetup(): Promise<void> {
  const progress = (line: string): void => console.log(`[test kafka] ${line}`);
  try {
    const { cluster, startedHere } = await kafkaUp({ progress });
    process.env.KAFKA_BROKERS = cluster.bootstrapServers.join(',');
    (globalThis as { kafkaStartedByTests?: boolean }).kafkaStartedByTests = startedHere;
  } catch (error) {
    throw new Error(
      `Integration tests need a Kafka broker and none could be had: ${(error as Error).message}\n` +
        'Run `npm run kafka -- up` to see what is missing, or set KAFKA_BROKERS to a running cluster.',
      { cause: error },
    );
  }
}

import { kafkaUp } from '../../local/kafka/cluster';
import buildPlugin from '../build-plugin';
import { startedByTests } from '../integration/global-teardown';
import { chromiumPath } from './support/browser';

/**
 * Chromium first (a machine without it fails at once, saying how to get it); then the plugin's
 * build, which holds the console's page; then a broker: the developer's running one (or
 * KAFKA_BROKERS), else one started here and stopped by the integration tests' teardown. The
 * console needs no DynamoDB.
 */
export default async function globalSetup(): Promise<void> {
  chromiumPath();
  buildPlugin();
  try {
    const { cluster, startedHere } = await kafkaUp({ progress: (line) => console.log(`[test kafka] ${line}`) });
    process.env.KAFKA_BROKERS = cluster.bootstrapServers.join(',');
    startedByTests.kafkaStartedByTests = startedHere;
  } catch (error) {
    throw new Error(
      `The browser tests need a Kafka broker and none could be had: ${(error as Error).message}\n` +
        'Run `npm run kafka -- up` to see what is missing, or set KAFKA_BROKERS to a running cluster.',
      { cause: error },
    );
  }
}

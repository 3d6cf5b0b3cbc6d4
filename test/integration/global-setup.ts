import { dynamodbUp } from '../../local/dynamodb/instance';
import { kafkaUp } from '../../local/kafka/cluster';
import globalTeardown, { startedByTests } from './global-teardown';

async function startKafka(): Promise<void> {
  const progress = (line: string): void => console.log(`[test kafka] ${line}`);
  try {
    const { cluster, startedHere } = await kafkaUp({ progress });
    process.env.KAFKA_BROKERS = cluster.bootstrapServers.join(',');
    startedByTests.kafkaStartedByTests = startedHere;
  } catch (error) {
    throw new Error(
      `Integration tests need a Kafka broker and none could be had: ${(error as Error).message}\n` +
        'Run `npm run kafka -- up` to see what is missing, or set KAFKA_BROKERS to a running cluster.',
      { cause: error },
    );
  }
}

async function startDynamoDB(): Promise<void> {
  const progress = (line: string): void => console.log(`[test dynamodb] ${line}`);
  try {
    const { instance, startedHere } = await dynamodbUp({ progress });
    process.env.DYNAMODB_ENDPOINT = instance.endpoint;
    startedByTests.dynamodbStartedByTests = startedHere;
  } catch (error) {
    throw new Error(
      `Integration tests need DynamoDB Local and none could be had: ${(error as Error).message}\n` +
        'Run `npm run dynamodb -- up` to see what is missing, or set DYNAMODB_ENDPOINT to a running DynamoDB Local.',
      { cause: error },
    );
  }
}

/**
 * One real broker and one DynamoDB Local, with serverless.yml's tables, for every integration
 * test: the developer's running ones when there are (or KAFKA_BROKERS, DYNAMODB_ENDPOINT), else
 * ones started here, side by side, and stopped in global-teardown.ts.
 */
export default async function globalSetup(): Promise<void> {
  const results = await Promise.allSettled([startKafka(), startDynamoDB()]);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  if (failures.length === 0) return;
  // Jest runs no teardown after a failed setup: stop here whichever of the two did start.
  await globalTeardown();
  throw failures.length === 1 ? failures[0] : new Error(failures.map((failure) => failure.message).join('\n\n'));
}

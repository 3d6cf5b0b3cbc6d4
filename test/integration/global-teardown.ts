import { dynamodbDown } from '../../local/dynamodb/instance';
import { kafkaDown } from '../../local/kafka/cluster';

/** Set by global-setup.ts; jest runs both in one process. */
export const startedByTests = globalThis as { kafkaStartedByTests?: boolean; dynamodbStartedByTests?: boolean };

/** Stops only what global-setup.ts started; a developer's own broker and DynamoDB Local keep running. */
export default async function globalTeardown(): Promise<void> {
  await Promise.all([
    startedByTests.kafkaStartedByTests && kafkaDown(),
    startedByTests.dynamodbStartedByTests && dynamodbDown(),
  ]);
}

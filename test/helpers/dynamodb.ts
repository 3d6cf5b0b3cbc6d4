import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoDBClient } from '../../local/dynamodb/client';

/** The DynamoDB Local global-setup.ts started or found; failing loudly if a test runs without it. */
export function testDynamoDBEndpoint(): string {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) {
    throw new Error(
      'DYNAMODB_ENDPOINT is not set: run integration tests through jest (`npm test`), whose global setup starts ' +
        'DynamoDB Local, or start it with `npm run dynamodb -- up`, which says what is missing.',
    );
  }
  return endpoint;
}

/** A client of DynamoDB Local with dummy credentials; destroy it in the test's afterAll. */
export function testDynamoDBClient(endpoint: string = testDynamoDBEndpoint()): DynamoDBClient {
  return localDynamoDBClient(endpoint);
}

import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { localDynamoDBClient } from '../../local/dynamodb/client';
import { serverlessResources } from '../../local/dynamodb/serverless-resources';
import { createTableInputs } from '../../local/dynamodb/table-definitions';
import { ensureTables } from '../../local/dynamodb/tables';

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

/**
 * A fresh table with the notifications table's definition from serverless.yml, under a unique
 * name, so a test's fixtures (fixed message ids) never meet a previous run's data.
 */
export async function createNotificationsTable(client: DynamoDBClient): Promise<string> {
  const [definition] = createTableInputs(await serverlessResources('local'));
  const tableName = `notifications-test-${randomUUID().slice(0, 8)}`;
  await ensureTables(client, [{ ...definition!, TableName: tableName }]);
  return tableName;
}

/** The id of every item of a notifications table, read with a full scan. */
export async function notificationIds(client: DynamoDBClient, tableName: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName, ProjectionExpression: 'id' })) {
    for (const item of page.Items ?? []) ids.push(item.id!.S!);
  }
  return ids;
}

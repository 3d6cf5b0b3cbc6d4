import {
  CreateTableCommand,
  paginateListTables,
  ResourceInUseException,
  waitUntilTableExists,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { TableInput } from './table-definitions';

const ACTIVE_TIMEOUT_SECONDS = 30;

async function existingTables(client: DynamoDBClient): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const page of paginateListTables({ client }, {})) {
    for (const name of page.TableNames ?? []) names.add(name);
  }
  return names;
}

/**
 * Creates the tables that are missing and waits until they are ACTIVE; existing tables are left as
 * they are, data included. Returns the names it created.
 */
export async function ensureTables(client: DynamoDBClient, tables: readonly TableInput[]): Promise<string[]> {
  const existing = await existingTables(client);
  const missing = tables.filter((table) => !existing.has(table.TableName));
  const created: string[] = [];
  for (const table of missing) {
    try {
      await client.send(new CreateTableCommand(table));
      created.push(table.TableName);
    } catch (error) {
      // Another `up` against the same instance created it first.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: ACTIVE_TIMEOUT_SECONDS }, { TableName: table.TableName });
  }
  return created;
}

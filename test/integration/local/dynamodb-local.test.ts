import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { dynamodbDown, dynamodbUp, type UpResult } from '../../../local/dynamodb/instance';
import { isAlive } from '../../../local/process';
import { testDynamoDBClient } from '../../helpers/dynamodb';

/** Its own port and state folder, so the shared test instance is untouched. */
const TEST_INSTANCE = { name: 'test-dynamodb-local', port: 18000, runtime: 'java', endpointFromEnv: false } as const;
const NOTIFICATIONS_TABLE = 'messages-notifications-local-notifications';

/** Resolves with the connection error code, or 'connected'. */
function connectTo(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
  });
}

describe('npm run dynamodb -- up, on the Java path', () => {
  let up: UpResult;
  let client: DynamoDBClient;

  beforeAll(async () => {
    up = await dynamodbUp(TEST_INSTANCE);
    client = testDynamoDBClient(up.instance.endpoint);
  }, 180_000);

  afterAll(async () => {
    client?.destroy();
    await dynamodbDown(TEST_INSTANCE);
  }, 60_000);

  it("has created serverless.yml's notifications table with its key schema and GSI", async () => {
    expect(up.tables).toEqual([NOTIFICATIONS_TABLE]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: NOTIFICATIONS_TABLE }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: 'byCreatedAt',
        KeySchema: [
          { AttributeName: 'feed', KeyType: 'HASH' },
          { AttributeName: 'feedSortKey', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      }),
    ]);
  });

  it('stores and returns an item', async () => {
    const documents = DynamoDBDocumentClient.from(client);
    const item = { id: `round-trip-${Date.now()}`, feed: 'all', feedSortKey: new Date().toISOString(), text: 'hello' };
    await documents.send(new PutCommand({ TableName: NOTIFICATIONS_TABLE, Item: item }));
    const { Item } = await documents.send(new GetCommand({ TableName: NOTIFICATIONS_TABLE, Key: { id: item.id } }));
    expect(Item).toEqual(item);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await connectTo('127.0.0.1', TEST_INSTANCE.port)).toBe('connected');
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal && address.family === 'IPv4');
    for (const address of external) expect(await connectTo(address!.address, TEST_INSTANCE.port)).toBe('ECONNREFUSED');
  });

  it('is reused by a second up, and down leaves none of its Java processes behind', async () => {
    const again = await dynamodbUp(TEST_INSTANCE);
    expect(again.startedHere).toBe(false);
    expect(again.createdTables).toEqual([]);
    expect(again.instance.server?.pid).toBe(up.instance.server?.pid);

    await dynamodbDown(TEST_INSTANCE);
    expect(isAlive(up.instance.server!.pid)).toBe(false);
    const ours = spawnSync('pgrep', ['-f', up.instance.server!.dataDir], { encoding: 'utf8' });
    expect(ours.stdout.trim()).toBe('');
  }, 60_000);
});

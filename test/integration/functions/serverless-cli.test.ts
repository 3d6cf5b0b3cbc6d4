import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../../local/config';
import { startOffline, type OfflineServer } from '../../../local/offline-server';
import type { StoredMessage } from '../../../shared/message-schema';
import { testDynamoDBClient, testDynamoDBEndpoint } from '../../helpers/dynamodb';
import { ownEsbuildWorkFolder } from '../../helpers/esbuild-work-folder';
import { testBrokers, testKafka } from '../../helpers/kafka';
import { kafkaMessage, loadMskEvent } from '../../helpers/msk-events';
import { freePorts } from '../../helpers/ports';

/** The service as users run it: `serverless invoke local` and `serverless offline`, bundles and all. */
const TABLE = 'messages-notifications-local-notifications';
const SERVERLESS_BIN = require.resolve('serverless/bin/serverless.js');

describe('the service through the Serverless CLI', () => {
  const dynamodb = testDynamoDBClient();
  const kafka = testKafka();
  const bundles = ownEsbuildWorkFolder('serverless-cli');
  const env = { ...process.env, KAFKA_BROKERS: testBrokers().join(','), DYNAMODB_ENDPOINT: testDynamoDBEndpoint(), ...bundles.env };

  afterAll(async () => {
    await kafka.disconnectAll();
    dynamodb.destroy();
    bundles.remove();
  });

  const storedIds = async (ids: string[]): Promise<string[]> => {
    const found: string[] = [];
    for (const id of ids) {
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: id } } }));
      if (Item) found.push(id);
    }
    return found;
  };

  it('`serverless invoke local` runs the notifications function on a fixture batch', () => {
    const result = spawnSync(
      process.execPath,
      [SERVERLESS_BIN, 'invoke', 'local', '-f', 'processNotifications', '--path', 'test/fixtures/msk/three-partitions.json'],
      { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 120_000 },
    );
    expect(result.stderr + result.stdout).toContain('Processed batch');
    expect(result.status).toBe(0);
    return expect(storedIds([1, 2, 3, 4].map((index) => kafkaMessage(index).id))).resolves.toHaveLength(4);
  });

  describe('serverless offline', () => {
    let offline: OfflineServer;
    let lambdaPort: number;
    beforeAll(async () => {
      // Ports of its own: npm-start.test.ts may hold npm start's 3000 and 3002 meanwhile.
      const [httpPort, port] = await freePorts(23_100, [0, 2]);
      lambdaPort = port!;
      offline = await startOffline(env, () => undefined, { httpPort, lambdaPort });
    }, 120_000);
    afterAll(() => offline?.stop());

    it('answers POST /api/v1/messages with 201 and the record is in Kafka at that partition and offset', async () => {
      const response = await fetch(`${offline.url}/api/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'hello over HTTP', key: 'offline-test' }),
      });
      expect(response.status).toBe(201);
      const stored = (await response.json()) as StoredMessage;

      const consumer = kafka.consumer({ groupId: `offline-test-${stored.id}` });
      await consumer.connect();
      await consumer.subscribe({ topic: stored.topic });
      const value = await new Promise<string>((resolve) => {
        void consumer.run({
          eachMessage: async ({ partition, message }) => {
            if (partition === stored.partition && Number(message.offset) === stored.offset) resolve(message.value!.toString());
          },
        });
        consumer.seek({ topic: stored.topic, partition: stored.partition, offset: String(stored.offset) });
      });
      expect(JSON.parse(value)).toEqual({ id: stored.id, text: 'hello over HTTP', key: 'offline-test', createdAt: stored.createdAt });
    });

    it('invokes the notifications function through the Lambda API, and GET lists the result', async () => {
      const event = loadMskEvent('poison');
      const invoke = await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/messages-notifications-local-processNotifications/invocations`, {
        method: 'POST',
        body: JSON.stringify(event),
      });
      expect(invoke.status).toBe(200);
      await expect(storedIds([kafkaMessage(10).id, kafkaMessage(15).id])).resolves.toHaveLength(2);

      const list = await fetch(`${offline.url}/api/v1/notifications?limit=5`);
      const answer = { status: list.status, body: await list.text() };
      expect(answer).toMatchObject({ status: 200, body: expect.stringMatching(/^\{"items":\[\{"id":/) });
    });
  });
});

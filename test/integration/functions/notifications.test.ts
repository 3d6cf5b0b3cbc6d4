import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { DeadLetter } from '../../../shared/dead-letter';
import type { NotificationPage } from '../../../shared/notification-store';
import { createNotificationsTable, testDynamoDBClient, testDynamoDBEndpoint } from '../../helpers/dynamodb';
import { loadIsolated } from '../../helpers/isolated-module';
import { testBrokers, testKafka, uniqueName } from '../../helpers/kafka';
import { createTopic, readRecords } from '../../helpers/kafka-records';
import { kafkaMessage, loadMskEvent } from '../../helpers/msk-events';

type ConsumerHandler = (event: unknown) => Promise<void>;
type ListHandler = (event: Partial<APIGatewayProxyEventV2>) => Promise<APIGatewayProxyStructuredResultV2>;

/** The notifications and list functions against the real broker and DynamoDB Local. */
describe('notifications function and GET /api/v1/notifications', () => {
  const kafka = testKafka();
  const dynamodb = testDynamoDBClient();
  let env: Record<string, string>;
  let consume: ConsumerHandler;
  const modules: { deadLetters?: { disconnect(): Promise<void> }; store: { close(): void } }[] = [];
  let list: ListHandler;

  beforeAll(async () => {
    const deadLetterTopic = uniqueName('dlq');
    await createTopic(kafka, deadLetterTopic);
    env = {
      KAFKA_BROKERS: testBrokers().join(','),
      DEAD_LETTER_TOPIC: deadLetterTopic,
      NOTIFICATIONS_TABLE: await createNotificationsTable(dynamodb),
      DYNAMODB_ENDPOINT: testDynamoDBEndpoint(),
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    consume = loadConsumer(env);
    const listModule = loadIsolated(env, () => require('../../../functions/list-notifications/handler') as { handler: ListHandler; store: { close(): void } });
    modules.push(listModule);
    list = listModule.handler;
  });

  /** A fresh copy of the handler module with `env`; its dead-letter producer is closed in afterAll. */
  const loadConsumer = (moduleEnv: Record<string, string>): ConsumerHandler => {
    const module = loadIsolated(moduleEnv, () => require('../../../functions/process-notifications/handler') as { handler: ConsumerHandler; deadLetters: { disconnect(): Promise<void> }; store: { close(): void } });
    modules.push(module);
    return module.handler;
  };

  afterAll(async () => {
    await Promise.all(modules.flatMap((module) => (module.deadLetters ? [module.deadLetters.disconnect()] : [])));
    for (const module of modules) module.store.close();
    await kafka.disconnectAll();
    dynamodb.destroy();
  });

  const listAll = async (): Promise<NotificationPage['items']> => {
    const items: NotificationPage['items'] = [];
    let cursor: string | undefined;
    do {
      const page = await listPage({ limit: '100', ...(cursor && { cursor }) });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };

  const listPage = async (query: Record<string, string> = {}): Promise<NotificationPage> => {
    const response = await list({ queryStringParameters: query });
    expect(response.statusCode).toBe(200);
    return JSON.parse(response.body!) as NotificationPage;
  };

  it('stores one notification per message of a multi-partition batch, once even when the batch is redelivered', async () => {
    await consume(loadMskEvent('three-partitions'));
    await consume(loadMskEvent('three-partitions'));

    const items = await listAll();
    const ids = [1, 2, 3, 4].map((index) => kafkaMessage(index).id);
    expect(items.filter((item) => ids.includes(item.id))).toHaveLength(4);
    expect(items.find((item) => item.id === kafkaMessage(1).id)?.source).toEqual({ topic: 'message-created', partition: 0, offset: 7 });
  });

  it('pages newest first with an opaque cursor', async () => {
    await consume(loadMskEvent('hundred-records'));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listPage({ limit: '30', ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(30);
      seen.push(...page.items.map((item) => item.createdAt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(100);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ page: '2' }, 'page'],
  ])('answers 400 naming the parameter for %j', async (query, field) => {
    const response = await list({ queryStringParameters: query });
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body!) as { error: string; details: { path: string }[] };
    expect(body.details.map((detail) => detail.path).join(' ')).toContain(field);
  });

  it('writes poison records to the dead-letter topic with reason and coordinates, and stores the good ones', async () => {
    await consume(loadMskEvent('poison'));

    const letters = (await readRecords(kafka, env.DEAD_LETTER_TOPIC!, 4)).map((record) => JSON.parse(record.value!) as DeadLetter);
    expect(letters.map((letter) => [letter.source.offset, letter.reason]).sort()).toEqual([
      [11, 'NOT_JSON'],
      [12, 'SCHEMA_MISMATCH'],
      [13, 'EMPTY_VALUE'],
      [14, 'NOT_JSON'],
    ]);
    expect((await listAll()).map((item) => item.id)).toEqual(expect.arrayContaining([kafkaMessage(10).id, kafkaMessage(15).id]));
  });

  it('throws when the store is unreachable, so the event source retries the batch', async () => {
    const unreachable = loadConsumer({ ...env, DYNAMODB_ENDPOINT: 'http://127.0.0.1:1' });
    await expect(unreachable(loadMskEvent('three-partitions'))).rejects.toThrow();
  });
});

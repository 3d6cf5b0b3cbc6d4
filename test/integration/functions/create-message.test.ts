import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Partitioners } from 'kafkajs';
import type { StoredMessage } from '../../../shared/message-schema';
import { httpEvent, withBody } from '../../helpers/http-events';
import { loadIsolated } from '../../helpers/isolated-module';
import { testBrokers, testKafka, uniqueName } from '../../helpers/kafka';
import { createTopic, readRecords, type ConsumedRecord } from '../../helpers/kafka-records';
import { lambdaContext } from '../../helpers/lambda-context';

type HandlerModule = typeof import('../../../functions/create-message/handler');

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('POST /api/v1/messages against a real broker', () => {
  const kafka = testKafka();
  const loaded: HandlerModule[] = [];
  afterAll(async () => {
    await Promise.all(loaded.map(({ producer }) => producer.disconnect()));
    await kafka.disconnectAll();
  });

  // A cold start of the function; its config is read while the module loads.
  function coldStart(env: Record<string, string>) {
    const module = loadIsolated(env, () => require('../../../functions/create-message/handler') as HandlerModule);
    loaded.push(module);
    return module.handler;
  }

  async function withTopic() {
    const topic = uniqueName('create-message');
    await createTopic(kafka, topic);
    return { topic, handler: coldStart({ KAFKA_BROKERS: testBrokers().join(','), MESSAGE_TOPIC: topic, POWERTOOLS_LOG_LEVEL: 'ERROR' }) };
  }

  function body<T>(response: APIGatewayProxyStructuredResultV2): T {
    return JSON.parse(String(response.body)) as T;
  }

  function at(records: ConsumedRecord[], { partition, offset }: StoredMessage): ConsumedRecord | undefined {
    return records.find((record) => record.partition === partition && record.offset === offset);
  }

  it('answers 201 with where the message landed, and Kafka holds it there with its key, value and headers', async () => {
    const { topic, handler } = await withTopic();

    const response = await handler(httpEvent('single-message'), lambdaContext());

    expect(response.statusCode).toBe(201);
    const stored = body<StoredMessage>(response);
    expect(stored).toEqual({
      id: expect.stringMatching(uuid),
      text: 'Hello from the fixtures',
      key: 'user-42',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      topic,
      partition: expect.any(Number),
      offset: 0,
    });
    const record = at(await readRecords(kafka, topic, 1), stored);
    expect(record).toMatchObject({
      key: 'user-42',
      headers: { 'message-id': stored.id, 'content-type': 'application/json' },
    });
    expect(JSON.parse(record!.value!)).toEqual({ id: stored.id, text: stored.text, key: 'user-42', createdAt: stored.createdAt });
  });

  it("accepts the README's curl example, whose body curl labels as a form, keyed by the message id", async () => {
    const { topic, handler } = await withTopic();

    const response = await handler(httpEvent('curl-form'), lambdaContext());

    expect(response.statusCode).toBe(201);
    const stored = body<StoredMessage>(response);
    expect(stored).toMatchObject({ text: 'hi', key: null, topic });
    expect(at(await readRecords(kafka, topic, 1), stored)).toMatchObject({ key: stored.id });
  });

  it('produces a batch of 500 in one produce request, every answered offset holding its record', async () => {
    const { topic, handler } = await withTopic();
    const messages = Array.from({ length: 500 }, (_, index) =>
      index % 5 === 0 ? { text: `keyless ${index}` } : { text: `message ${index}`, key: `customer-${index % 7}` },
    );

    const response = await handler(withBody(httpEvent('batch'), JSON.stringify(messages)), lambdaContext());

    expect(response.statusCode).toBe(201);
    const stored = body<StoredMessage[]>(response);
    expect(stored.map(({ text }) => text)).toEqual(messages.map(({ text }) => text));
    const records = await readRecords(kafka, topic, 500);
    expect(records).toHaveLength(500);
    for (const message of stored) {
      const record = at(records, message);
      expect(record?.headers['message-id']).toBe(message.id);
      expect(JSON.parse(record!.value!)).toMatchObject({ id: message.id, text: message.text });
    }
    // One send: each partition holds one record batch, starting at offset 0.
    const partitions = new Set(records.map(({ partition }) => partition));
    expect(partitions.size).toBe(3);
    for (const partition of partitions) {
      const batches = new Set(records.filter((record) => record.partition === partition).map(({ batchFirstOffset }) => batchFirstOffset));
      expect([...batches]).toEqual(['0']);
    }
  });

  it('puts one key on one partition, in the order posted, where any Java-compatible producer would', async () => {
    const { topic, handler } = await withTopic();
    const stored: StoredMessage[] = [];
    for (let request = 0; request < 4; request += 1) {
      const response = await handler(withBody(httpEvent('single-message'), JSON.stringify({ text: `single ${request}`, key: 'order-7' })), lambdaContext());
      stored.push(body<StoredMessage>(response));
    }
    const batch = [1, 2, 3].map((index) => ({ text: `batched ${index}`, key: 'order-7' }));
    stored.push(...body<StoredMessage[]>(await handler(withBody(httpEvent('batch'), JSON.stringify(batch)), lambdaContext())));

    const partition = stored[0]!.partition;
    expect(stored.map((message) => message.partition)).toEqual(stored.map(() => partition));
    expect(stored.map(({ offset }) => offset)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const records = await readRecords(kafka, topic, stored.length);
    expect(stored.map((message) => JSON.parse(at(records, message)!.value!).text)).toEqual(stored.map(({ text }) => text));

    const other = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await other.connect();
    const [placed] = await other.send({ topic, messages: [{ key: 'order-7', value: 'from another producer' }] });
    expect(placed!.partition).toBe(partition);
  });

  it.each([
    ['its connect retries run out', {}, 6_000],
    ['PRODUCE_TIMEOUT_MS passes', { PRODUCE_TIMEOUT_MS: '500' }, 1_500],
  ])('answers 503 with Retry-After when Kafka is unreachable and %s', async (_, env, withinMs) => {
    // kafkajs logs every refused connect; that is the expected outcome here, so the logger is silent.
    const handler = coldStart({ KAFKA_BROKERS: '127.0.0.1:1', MESSAGE_TOPIC: uniqueName('unreachable'), POWERTOOLS_LOG_LEVEL: 'SILENT', ...env });

    const started = Date.now();
    const response = await handler(httpEvent('single-message'), lambdaContext());

    expect(Date.now() - started).toBeLessThan(withinMs);
    expect(response).toMatchObject({ statusCode: 503, headers: { 'retry-after': '5' } });
    expect(body(response)).toEqual({ error: 'Kafka is unavailable, retry later', details: [] });
  });
});

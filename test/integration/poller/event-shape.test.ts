import { randomBytes } from 'node:crypto';
import { createTopicsReady } from '../../../local/kafka/topics';
import type { KafkaEventRecord } from '../../../shared/kafka-event';
import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { sendWithNullHeaderValues } from '../../helpers/kafka-null-headers';
import { testBrokers, uniqueName } from '../../helpers/kafka';
import { PollerService, TEST_CLUSTER_ARN } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

/**
 * The bytes of a UTF-8 string as Lambda writes header values: Java's signed bytes, as events
 * recorded from real MSK mappings show (powertools-lambda-python issue 6862).
 */
const bytes = (text: string): number[] => [...new Int8Array(Buffer.from(text, 'utf8'))];
const base64 = (value: string | Buffer): string => Buffer.from(value).toString('base64');

describe('poller: the event is byte for byte what Lambda sends', () => {
  const broker = usePollerTestBroker();

  it('delivers null keys, tombstones, binary values, UTF-8, repeated and null headers of several partitions in one MSK event', async () => {
    const topic = await broker.topic('poller-shape');
    const binaryKey = Buffer.from([0, 1, 2, 254, 255]);
    const binaryValue = randomBytes(64);
    const created = Date.now() - 60_000;
    const [first] = await sendWithNullHeaderValues(broker.producer, {
      topic,
      acks: -1,
      messages: [
        { partition: 0, key: null, value: 'plain text, no key', timestamp: String(created) },
        { partition: 0, key: 'order-1', value: null, headers: { 'trace-id': 'abc-123', tracestate: null as unknown as string }, timestamp: String(created + 1) },
        { partition: 0, key: binaryKey, value: binaryValue, timestamp: String(created + 2) },
        {
          partition: 0,
          key: 'clé-ünïcødé',
          value: '{"type":"order","amount":3}',
          headers: { greeting: 'héllo wörld 🌍 日本', tag: ['first', 'second'], empty: '' },
          timestamp: String(created + 3),
        },
      ],
    });
    const [second] = await broker.producer.send({ topic, acks: -1, messages: [{ partition: 1, key: 'k', value: 'v', timestamp: String(created + 4) }] });
    const base = Number(first!.baseOffset);
    const record = (partition: number, offset: number, timestamp: number, fields: Partial<KafkaEventRecord>): KafkaEventRecord => ({
      topic,
      partition,
      offset,
      timestamp,
      timestampType: 'CREATE_TIME',
      headers: [],
      ...fields,
    });

    const service = new PollerService({ topic });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const deliveries = service.deliveries();
    expect(deliveries).toHaveLength(1);
    const { event } = deliveries[0]!;
    expect(event).toStrictEqual({
      eventSource: 'aws:kafka',
      eventSourceArn: TEST_CLUSTER_ARN,
      bootstrapServers: testBrokers().join(','),
      records: {
        [`${topic}-0`]: [
          record(0, base, created, { value: base64('plain text, no key') }),
          // A real MSK event carries a null header value as an empty object (seen in Nike-Inc/hal#144).
          record(0, base + 1, created + 1, { key: base64('order-1'), headers: [{ 'trace-id': bytes('abc-123') }, {}] }),
          record(0, base + 2, created + 2, { key: binaryKey.toString('base64'), value: binaryValue.toString('base64') }),
          record(0, base + 3, created + 3, {
            key: base64('clé-ünïcødé'),
            value: base64('{"type":"order","amount":3}'),
            headers: [{ greeting: bytes('héllo wörld 🌍 日本') }, { tag: bytes('first') }, { tag: bytes('second') }, { empty: [] }],
          }),
        ],
        [`${topic}-1`]: [record(1, Number(second!.baseOffset), created + 4, { key: base64('k'), value: base64('v') })],
      },
    });
    const partitionZero = event.records[`${topic}-0`]!;
    expect(partitionZero[0]).not.toHaveProperty('key');
    expect(partitionZero[1]).not.toHaveProperty('value');
  });

  it('reports the broker time of a LogAppendTime topic as LOG_APPEND_TIME', async () => {
    const topic = uniqueName('poller-append-time');
    await createTopicsReady(broker.admin, [{ topic, numPartitions: 1, configEntries: [{ name: 'message.timestamp.type', value: 'LogAppendTime' }] }]);
    const [written] = await broker.producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'v', timestamp: '1000' }] });

    const service = new PollerService({ topic });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const records = service.deliveries()[0]!.event.records[`${topic}-0`]!;
    expect(records).toStrictEqual([
      { topic, partition: 0, offset: 0, timestamp: Number(written!.logAppendTime), timestampType: 'LOG_APPEND_TIME', key: base64('k'), value: base64('v'), headers: [] },
    ]);
  });

  it('sends a self-managed `kafka` event as SelfManagedKafka with no eventSourceArn', async () => {
    const topic = await broker.topic('poller-self-managed');
    const [written] = await broker.producer.send({ topic, acks: -1, messages: [{ partition: 2, key: 'k', value: 'v', timestamp: '1700000000000' }] });

    const service = new PollerService({ topic, source: 'kafka' });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(service.deliveries().map(({ event }) => event)).toStrictEqual([
      {
        eventSource: 'SelfManagedKafka',
        bootstrapServers: testBrokers().join(','),
        records: {
          [`${topic}-2`]: [
            { topic, partition: 2, offset: Number(written!.baseOffset), timestamp: 1700000000000, timestampType: 'CREATE_TIME', key: base64('k'), value: base64('v'), headers: [] },
          ],
        },
      },
    ]);
  });
});

import {
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  Partitioners,
  type Kafka,
  type Message,
  type PartitionMetadata,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';
import {
  KafkaUnavailableError,
  MessageProducer,
  UnknownPartitionError,
  locate,
  type Outgoing,
} from '../../../shared/message-producer';
import { KafkaAuthError } from '../../../shared/kafka-connection/kafka-setup-error';
import { logger } from '../../../shared/logger';
import { CONTENT_TYPE_HEADER, MESSAGE_ID_HEADER, kafkaMessageSchema, type KafkaMessage } from '../../../shared/message-schema';

const topic = 'message-created';

function partitionMetadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
  }));
}

// A stand-in for the kafkajs client that keeps each partition's log end, so it acknowledges a
// send the way a broker does: one baseOffset per partition. `failures` makes the next calls fail.
function fakeKafka(partitions = 3) {
  const logEnd = new Map<number, number>([
    [0, 5],
    [1, 0],
    [2, 12],
  ]);
  const failures = { connect: [] as Error[], send: [] as Error[], metadata: [] as Error[] };
  const sent: ProducerRecord[] = [];
  const producers: { connect: jest.Mock; disconnect: jest.Mock; send: jest.Mock }[] = [];
  const state = { partitions, metadataFetches: 0, acknowledgeOnly: undefined as number[] | undefined };

  const kafka = {
    producer: jest.fn(() => {
      const producer = {
        connect: jest.fn(async () => {
          const failure = failures.connect.shift();
          if (failure) throw failure;
        }),
        disconnect: jest.fn(async () => undefined),
        send: jest.fn(async (record: ProducerRecord): Promise<RecordMetadata[]> => {
          const failure = failures.send.shift();
          if (failure) throw failure;
          sent.push(record);
          const counts = new Map<number, number>();
          for (const message of record.messages) counts.set(message.partition!, (counts.get(message.partition!) ?? 0) + 1);
          return [...counts]
            .filter(([partition]) => state.acknowledgeOnly?.includes(partition) ?? true)
            .map(([partition, count]) => {
              const baseOffset = logEnd.get(partition) ?? 0;
              logEnd.set(partition, baseOffset + count);
              return { topicName: record.topic, partition, errorCode: 0, baseOffset: String(baseOffset) };
            });
        }),
      };
      producers.push(producer);
      return producer;
    }),
    admin: jest.fn(() => ({
      connect: jest.fn(async () => undefined),
      disconnect: jest.fn(async () => undefined),
      fetchTopicMetadata: jest.fn(async ({ topics }: { topics: string[] }) => {
        state.metadataFetches += 1;
        const failure = failures.metadata.shift();
        if (failure) throw failure;
        return { topics: topics.map((name) => ({ name, partitions: partitionMetadata(state.partitions) })) };
      }),
    })),
  };
  const client = kafka as unknown as Kafka;
  // What MessageProducer is given: how to get the client, as `() => kafkaFor(config)` does.
  const source = jest.fn(async () => client);
  return { kafka: client, source, failures, sent, producers, state, logEnd };
}

const unreachable = () =>
  new KafkaJSNumberOfRetriesExceeded(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:1'), { retryCount: 5, retryTime: 1600 });

const unknownPartition = () =>
  new KafkaJSNumberOfRetriesExceeded(
    new KafkaJSProtocolError(
      Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3 }),
    ),
    { retryCount: 5, retryTime: 1600 },
  );

const keyed = ['alpha', 'beta', 'gamma', 'delta', 'alpha', 'beta', 'alpha'].map((key, index) => ({ text: `message ${index}`, key }));

describe('MessageProducer', () => {
  beforeEach(() => {
    for (const level of ['info', 'warn'] as const) jest.spyOn(logger, level).mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('produces a batch in one idempotent acks=-1 send, each record on the partition Java would choose', async () => {
    const fake = fakeKafka();
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    const stored = await producer.produce([...keyed, { text: 'no key' }]);

    expect(fake.sent).toHaveLength(1);
    const [record] = fake.sent;
    expect(record).toMatchObject({ topic, acks: -1 });
    expect(fake.kafka.producer).toHaveBeenCalledWith(expect.objectContaining({ idempotent: true, maxInFlightRequests: 1 }));

    const javaPartitioner = Partitioners.DefaultPartitioner();
    record!.messages.forEach((message: Message, index) => {
      const value = kafkaMessageSchema.parse(JSON.parse(String(message.value)));
      expect(value).toEqual({ id: stored[index]!.id, text: stored[index]!.text, key: stored[index]!.key, createdAt: stored[index]!.createdAt });
      expect(message.key).toBe(value.key ?? value.id);
      expect(message.headers).toEqual({ [MESSAGE_ID_HEADER]: value.id, [CONTENT_TYPE_HEADER]: 'application/json' });
      const expected = javaPartitioner({ topic, partitionMetadata: partitionMetadata(3), message: { key: message.key!, value: null } });
      expect(message.partition).toBe(expected);
      expect(stored[index]!.partition).toBe(expected);
    });
    expect(stored.at(-1)).toMatchObject({ text: 'no key', key: null });
  });

  it('logs where the messages landed, never their text', async () => {
    const producer = new MessageProducer(fakeKafka().source, { topic, timeoutMs: 1_000 });

    await producer.produce([{ text: 'private words', key: 'user-1' }]);

    expect(logger.info).toHaveBeenCalledWith('Produced messages', expect.objectContaining({ topic, count: 1 }));
    expect(JSON.stringify(jest.mocked(logger.info).mock.calls)).not.toContain('private words');
  });

  it('answers offsets that continue each partition log, in the order sent', async () => {
    const fake = fakeKafka();
    const before = new Map(fake.logEnd);
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    const stored = await producer.produce(keyed);

    for (const partition of [0, 1, 2]) {
      const offsets = stored.filter((message) => message.partition === partition).map(({ offset }) => offset);
      expect(offsets).toEqual(offsets.map((_, index) => before.get(partition)! + index));
    }
    const alpha = stored.filter(({ key }) => key === 'alpha');
    expect(alpha.map(({ text }) => text)).toEqual(['message 0', 'message 4', 'message 6']);
    expect(new Set(alpha.map(({ partition }) => partition)).size).toBe(1);
  });

  it('connects once and fetches partitions once for many requests', async () => {
    const fake = fakeKafka();
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    for (let request = 0; request < 3; request += 1) await producer.produce([{ text: `request ${request}` }]);

    expect(fake.kafka.producer).toHaveBeenCalledTimes(1);
    expect(fake.producers[0]!.connect).toHaveBeenCalledTimes(1);
    expect(fake.state.metadataFetches).toBe(1);
  });

  it.each([
    ['connect', 2, 1],
    ['metadata', 1, 2],
  ] as const)('answers KafkaUnavailableError when the %s fails, and tries it afresh on the next request', async (step, producers, metadataFetches) => {
    const fake = fakeKafka();
    fake.failures[step].push(unreachable());
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    await expect(producer.produce([{ text: 'lost' }])).rejects.toBeInstanceOf(KafkaUnavailableError);
    await expect(producer.produce([{ text: 'delivered' }])).resolves.toHaveLength(1);

    expect(fake.kafka.producer).toHaveBeenCalledTimes(producers);
    expect(fake.state.metadataFetches).toBe(metadataFetches);
  });

  it('answers KafkaUnavailableError when Kafka does not answer in time', async () => {
    const fake = fakeKafka();
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 50 });
    let answer: () => void = () => undefined;
    (fake.kafka.producer as jest.Mock).mockImplementationOnce(() => ({
      connect: () => new Promise<void>((resolve) => (answer = resolve)),
      disconnect: async () => undefined,
      send: async () => [],
    }));

    const started = Date.now();
    await expect(producer.produce([{ text: 'slow' }])).rejects.toThrow('Kafka did not answer within 50 ms');
    expect(Date.now() - started).toBeLessThan(1_000);
    answer();
    await producer.disconnect();
  });

  it('replaces the producer after a failed send', async () => {
    const fake = fakeKafka();
    fake.failures.send.push(unreachable());
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    await expect(producer.produce([{ text: 'lost' }])).rejects.toBeInstanceOf(KafkaUnavailableError);
    await producer.produce([{ text: 'delivered' }]);

    expect(fake.producers).toHaveLength(2);
    expect(fake.producers[0]!.disconnect).toHaveBeenCalled();
    expect(fake.state.metadataFetches).toBe(1);
  });

  it('fetches the partitions again after Kafka reports an unknown partition', async () => {
    const fake = fakeKafka(6);
    fake.failures.send.push(unknownPartition());
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    await expect(producer.produce([{ text: 'lost' }])).rejects.toBeInstanceOf(KafkaUnavailableError);
    fake.state.partitions = 3;
    const stored = await producer.produce(Array.from({ length: 20 }, (_, index) => ({ text: `after ${index}` })));

    expect(fake.state.metadataFetches).toBe(2);
    expect(Math.max(...stored.map(({ partition }) => partition))).toBeLessThan(3);
  });

  it('fetches the partitions again when a partition it sent to is missing from the acknowledgement', async () => {
    const fake = fakeKafka();
    fake.state.acknowledgeOnly = [];
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    const failed = producer.produce([{ text: 'dropped by kafkajs' }]);
    await expect(failed).rejects.toBeInstanceOf(KafkaUnavailableError);
    await expect(failed).rejects.toHaveProperty('cause', expect.any(UnknownPartitionError));
    fake.state.acknowledgeOnly = undefined;
    await producer.produce([{ text: 'delivered' }]);

    expect(fake.state.metadataFetches).toBe(2);
  });

  it('connects on first use, answers a client it could not get as Kafka unavailable, and gets it afresh after', async () => {
    const fake = fakeKafka();
    const refused = new KafkaAuthError('Kafka SCRAM secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_x not found');
    fake.source.mockRejectedValueOnce(refused).mockRejectedValueOnce(refused);
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });
    expect(fake.source).not.toHaveBeenCalled();

    const failure = producer.produce([{ text: 'refused' }]);
    await expect(failure).rejects.toBeInstanceOf(KafkaUnavailableError);
    await expect(failure).rejects.toMatchObject({ cause: refused });
    await expect(producer.produce([{ text: 'delivered' }])).resolves.toHaveLength(1);
  });

  it('passes an error that is not worth a retry through unchanged', async () => {
    const fake = fakeKafka();
    const forbidden = new KafkaJSNonRetriableError('Topic authorization failed');
    fake.failures.send.push(forbidden);
    const producer = new MessageProducer(fake.source, { topic, timeoutMs: 1_000 });

    await expect(producer.produce([{ text: 'refused' }])).rejects.toBe(forbidden);
  });
});

describe('locate', () => {
  const message = (id: string): KafkaMessage => ({ id, text: id, key: null, createdAt: '2026-03-14T09:26:53.000Z' });
  const ack = (partition: number, baseOffset: string): RecordMetadata => ({ topicName: topic, partition, errorCode: 0, baseOffset });

  it.each<[string, [string, number][], RecordMetadata[], [string, number, number][]]>([
    ['one partition', [['a', 0], ['b', 0]], [ack(0, '7')], [['a', 0, 7], ['b', 0, 8]]],
    [
      'interleaved partitions',
      [['a', 2], ['b', 0], ['c', 2], ['d', 2], ['e', 0]],
      [ack(0, '0'), ack(2, '41')],
      [['a', 2, 41], ['b', 0, 0], ['c', 2, 42], ['d', 2, 43], ['e', 0, 1]],
    ],
    ['acknowledgements in any order', [['a', 1], ['b', 0]], [ack(0, '3'), ack(1, '9')], [['a', 1, 9], ['b', 0, 3]]],
  ])('numbers %s from each baseOffset', (_, sent, acknowledged, expected) => {
    const outgoing: Outgoing[] = sent.map(([id, partition]) => ({ message: message(id), partition }));
    const located = locate(topic, outgoing, acknowledged).map(({ id, partition, offset }) => [id, partition, offset]);
    expect(located).toEqual(expected);
  });

  it('throws UnknownPartitionError for a partition without an acknowledgement', () => {
    expect(() => locate(topic, [{ message: message('a'), partition: 2 }], [ack(0, '0')])).toThrow(UnknownPartitionError);
  });
});

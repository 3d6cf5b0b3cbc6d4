import { createTopicsReady } from '../../../local/kafka/topics';
import { KAFKA_VERSION, LOCAL_TOPICS } from '../../../local/config';
import { testKafka, uniqueName } from '../../helpers/kafka';

/** Proves kafkajs 2.2.4 speaks to the pinned Kafka 4.1 broker: admin, idempotent produce, group consume. */
describe(`kafkajs against the local Kafka ${KAFKA_VERSION}`, () => {
  const kafka = testKafka();
  afterAll(() => kafka.disconnectAll());

  it('has created the project topics with their partition counts', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: LOCAL_TOPICS.map((topic) => topic.name) });
    for (const expected of LOCAL_TOPICS) {
      const topic = topics.find((candidate) => candidate.name === expected.name);
      expect(topic?.partitions).toHaveLength(expected.partitions);
    }
  });

  it('delivers every record of an idempotent acks=-1 producer to a consumer group, in order per key', async () => {
    const topic = uniqueName('smoke');
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsReady(admin, [{ topic, numPartitions: 3 }]);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const keys = ['alpha', 'beta', 'gamma', 'delta'];
    const sent = Array.from({ length: 40 }, (_, index) => ({ key: keys[index % keys.length]!, value: String(index) }));
    const metadata = await producer.send({ topic, acks: -1, messages: sent });
    expect(metadata.every((partition) => partition.errorCode === 0)).toBe(true);

    const received: { key: string; value: number; partition: number }[] = [];
    const consumer = kafka.consumer({ groupId: uniqueName('smoke-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          received.push({ key: message.key!.toString(), value: Number(message.value!.toString()), partition });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await done;

    expect(received).toHaveLength(sent.length);
    for (const key of keys) {
      const ofKey = received.filter((record) => record.key === key);
      expect(new Set(ofKey.map((record) => record.partition)).size).toBe(1);
      expect(ofKey.map((record) => record.value)).toEqual(
        sent.flatMap((message, index) => (message.key === key ? [index] : [])),
      );
    }
  });
});

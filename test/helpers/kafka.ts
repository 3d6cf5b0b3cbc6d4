import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Admin, type Consumer, type Producer } from 'kafkajs';
import { registerKafkaCodecs } from '../../local/poller/index';

/** The broker global-setup.ts started or found; failing loudly if a test runs without it. */
export function testBrokers(): string[] {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    throw new Error('KAFKA_BROKERS is not set: run integration tests through jest (`npm test`), whose global setup starts Kafka.');
  }
  return brokers.split(',');
}

/** A fresh name per test run, so tests never read each other's records. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

type Client = Admin | Consumer | Producer;

/** Clients made through here are all disconnected by `disconnectAll()` in the test's afterAll. */
export function testKafka(brokers: string[] = testBrokers()) {
  registerKafkaCodecs();
  return trackedClients(new Kafka({ clientId: uniqueName('test'), brokers, logLevel: logLevel.WARN }));
}

/** `kafka` (a plain client, or the functions' own from `kafkaFor`) whose clients `disconnectAll()` closes. */
export function trackedClients(kafka: Pick<Kafka, 'admin' | 'producer' | 'consumer'>) {
  const clients: Client[] = [];
  const track = <T extends Client>(client: T): T => {
    clients.push(client);
    return client;
  };
  return {
    admin: () => track(kafka.admin()),
    // kafkajs 2's default partitioner, named, as the project's producers name it: left out, kafkajs warns.
    producer: (options?: Parameters<Kafka['producer']>[0]) => track(kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...options })),
    consumer: (options: Parameters<Kafka['consumer']>[0]) => track(kafka.consumer(options)),
    disconnectAll: async () => {
      await Promise.all(clients.splice(0).map((client) => client.disconnect()));
    },
  };
}

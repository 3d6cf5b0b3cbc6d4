import type { Admin, Producer } from 'kafkajs';
import { testKafka, uniqueName } from './kafka';
import { connectedAdmin, connectedProducer } from './kafka-produce';
import { createTopic } from './kafka-records';
import { cleanUpPollerServices } from './poller-service';

export interface PollerTestBroker {
  kafka: ReturnType<typeof testKafka>;
  /** Connected in `beforeAll`. */
  admin: Admin;
  /** Connected in `beforeAll`. */
  producer: Producer;
  /** Creates a topic of its own for one test and returns its name. */
  topic(prefix: string, partitions?: number): Promise<string>;
}

/**
 * What every poller test file sets up: one admin and one producer for the file, and after each
 * test no poller left running. Call it at the top of a `describe`.
 */
export function usePollerTestBroker(): PollerTestBroker {
  const kafka = testKafka();
  const clients: Pick<PollerTestBroker, 'admin' | 'producer'> = {} as Pick<PollerTestBroker, 'admin' | 'producer'>;
  beforeAll(async () => {
    [clients.admin, clients.producer] = await Promise.all([connectedAdmin(kafka), connectedProducer(kafka)]);
  });
  afterEach(cleanUpPollerServices);
  afterAll(() => kafka.disconnectAll());
  return {
    kafka,
    get admin() {
      return clients.admin;
    },
    get producer() {
      return clients.producer;
    },
    async topic(prefix, partitions = 3) {
      const name = uniqueName(prefix);
      await createTopic(kafka, name, partitions);
      return name;
    },
  };
}

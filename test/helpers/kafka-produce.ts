import { Partitioners, type Admin, type Producer } from 'kafkajs';
import type { testKafka } from './kafka';
import { range } from './poller-deliveries';

type TestKafka = ReturnType<typeof testKafka>;

export async function connectedAdmin(kafka: TestKafka): Promise<Admin> {
  const admin = kafka.admin();
  await admin.connect();
  return admin;
}

/** An idempotent, acks=all producer, as the project's functions use. */
export async function connectedProducer(kafka: TestKafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** Writes `count` records (values `<prefix>-<n>`) to one partition; returns their offsets. */
export async function produceToPartition(producer: Producer, topic: string, partition: number, count: number, prefix = `p${partition}`): Promise<number[]> {
  const [written] = await producer.send({
    topic,
    acks: -1,
    messages: range(0, count).map((index) => ({ partition, key: `${prefix}-${index}`, value: `${prefix}-${index}` })),
  });
  const base = Number(written!.baseOffset);
  return range(base, base + count);
}

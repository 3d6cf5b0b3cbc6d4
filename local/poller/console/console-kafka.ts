import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { TopicReader } from './topic-reader';

/** Connects once, on first use; a failed connect is tried again on the next use. */
function lazily<T>(connect: () => Promise<T>): () => Promise<T> {
  let connected: Promise<T> | undefined;
  return () => {
    connected ??= connect().catch((error: Error) => {
      connected = undefined;
      throw error;
    });
    return connected;
  };
}

/**
 * The console's own Kafka clients, never the mappings': an admin (offsets, topics, the reader's
 * throwaway groups) and the producer of "send again", each connected when first needed.
 */
export class ConsoleKafka {
  private readonly kafka: Kafka;
  private readonly clients: Promise<{ disconnect(): Promise<void> }>[] = [];
  readonly admin: () => Promise<Admin>;
  readonly producer: () => Promise<Producer>;

  constructor(brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'serverless-offline-kafka-console', brokers, logLevel: logLevel.NOTHING });
    this.admin = lazily(() => this.connected(this.kafka.admin()));
    this.producer = lazily(() =>
      this.connected(this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner })),
    );
  }

  private async connected<T extends Admin | Producer>(client: T): Promise<T> {
    this.clients.push(Promise.resolve(client));
    await client.connect();
    return client;
  }

  async reader(): Promise<TopicReader> {
    return new TopicReader(this.kafka, await this.admin());
  }

  /** Each topic's end offsets summed; a topic that does not exist (yet) is left out. */
  async endOffsets(topics: readonly string[]): Promise<Record<string, number>> {
    const admin = await this.admin().catch(() => undefined);
    if (!admin) return {};
    const ends = await Promise.all(
      topics.map(async (topic) => {
        const offsets = await admin.fetchTopicOffsets(topic).catch(() => undefined);
        return offsets ? [[topic, offsets.reduce((sum, { high }) => sum + Number(high), 0)] as const] : [];
      }),
    );
    return Object.fromEntries(ends.flat());
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((client) => client.then((connected) => connected.disconnect()).catch(() => undefined)));
  }
}

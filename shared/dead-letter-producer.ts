import type { Kafka, Producer } from 'kafkajs';
import { CachedPromise } from './cached-promise';
import type { DeadLetterMessage } from './dead-letter';

/**
 * Writes dead letters to their topic with an idempotent `acks: -1` producer, connected on first
 * use and reused; a failed send drops it so the next batch reconnects. A failure is thrown:
 * the batch is then retried rather than its poison records lost. The Kafka client comes from
 * `kafka` on first use, and so does kafkajs itself: a function that imports this module loads
 * kafkajs only when it has a dead letter to send.
 */
export class DeadLetterProducer {
  private readonly producer = new CachedPromise(() => this.connect());

  constructor(
    private readonly kafka: () => Promise<Pick<Kafka, 'producer'>>,
    private readonly topic: string,
    private readonly timeoutMs: number,
  ) {}

  private async connect(): Promise<Producer> {
    const [kafka, { Partitioners }] = await Promise.all([this.kafka(), import('kafkajs')]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    return producer;
  }

  async send(letters: DeadLetterMessage[]): Promise<void> {
    const pending = this.producer.get();
    try {
      const producer = await pending;
      await producer.send({ topic: this.topic, acks: -1, timeout: this.timeoutMs, messages: letters });
    } catch (error) {
      this.producer.forget(pending);
      pending.then((producer) => producer.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.take()?.then((producer) => producer.disconnect()).catch(() => undefined);
  }
}

import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { DeadLetterMessage } from './dead-letter';

/**
 * Writes dead letters to their topic with an idempotent `acks: -1` producer, connected on first
 * use and reused; a failed send drops it so the next batch reconnects. A failure is thrown:
 * the batch is then retried rather than its poison records lost. The Kafka client comes from
 * `kafka` (`() => kafkaFor(config)`) on first use.
 */
export class DeadLetterProducer {
  private producer: Promise<Producer> | undefined;

  constructor(
    private readonly kafka: () => Promise<Pick<Kafka, 'producer'>>,
    private readonly topic: string,
    private readonly timeoutMs: number,
  ) {}

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = (await this.kafka()).producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }

  async send(letters: DeadLetterMessage[]): Promise<void> {
    const pending = this.connected();
    try {
      const producer = await pending;
      await producer.send({ topic: this.topic, acks: -1, timeout: this.timeoutMs, messages: letters });
    } catch (error) {
      if (this.producer === pending) this.producer = undefined;
      pending.then((producer) => producer.disconnect()).catch(() => undefined);
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const pending = this.producer;
    this.producer = undefined;
    await pending?.then((producer) => producer.disconnect()).catch(() => undefined);
  }
}

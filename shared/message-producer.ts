import { randomUUID } from 'node:crypto';
import {
  KafkaJSError,
  KafkaJSNumberOfRetriesExceeded,
  Partitioners,
  type Kafka,
  type Message,
  type PartitionMetadata,
  type Producer,
  type RecordMetadata,
} from 'kafkajs';
import { CachedPromise } from './cached-promise';
import { KafkaSetupError } from './kafka-connection/kafka-setup-error';
import { logger } from './logger';
import {
  CONTENT_TYPE_HEADER,
  MESSAGE_ID_HEADER,
  type KafkaMessage,
  type MessageInput,
  type StoredMessage,
} from './message-schema';

/**
 * Kafka did not take the messages in time, kept failing with retriable errors, or could not be
 * set up (discovery, secret, refused login; the `KafkaSetupError` is the cause): the client may retry.
 */
export class KafkaUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * The send result lacks a partition the messages were sent to. kafkajs silently skips messages
 * for a partition its own metadata does not know, so the topic's partitions have changed.
 */
export class UnknownPartitionError extends Error {
  constructor(topic: string, partition: number) {
    super(`Kafka acknowledged nothing for ${topic}/${partition}`);
    this.name = 'UnknownPartitionError';
  }
}

export interface MessageProducerOptions {
  topic: string;
  /** How long `produce` waits, connecting included, before it gives up with `KafkaUnavailableError`. */
  timeoutMs: number;
}

export interface Outgoing {
  message: KafkaMessage;
  partition: number;
}

// The same murmur2 hash as Java clients, so a key lands where any other producer would put it.
const partitioner = Partitioners.DefaultPartitioner();

/** Where a producer gets its Kafka client: `() => kafkaFor(config.kafka)`, resolved on first use. */
export type KafkaSource = () => Promise<Pick<Kafka, 'producer' | 'admin'>>;

/**
 * Produces messages to one topic and answers where each one landed. Create it once per
 * container: the producer connects on first use and is reused; a failed connect or send drops
 * it, so the next call connects afresh instead of inheriting a broken client. The Kafka client
 * itself comes from `kafka`, within the request's time budget, since building it may read a
 * secret or discover the brokers.
 */
export class MessageProducer {
  readonly #kafka: KafkaSource;
  readonly #options: MessageProducerOptions;
  readonly #producer = new CachedPromise(() => this.#connect());
  readonly #partitions = new CachedPromise(() => this.#fetchPartitions());
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(kafka: KafkaSource, options: MessageProducerOptions) {
    this.#kafka = kafka;
    this.#options = options;
  }

  /** All messages go in one `send`, so a batch is one produce request per partition leader. */
  async produce(inputs: readonly MessageInput[]): Promise<StoredMessage[]> {
    const work = this.#produce(inputs);
    this.#inFlight.add(work);
    work.then(
      () => this.#inFlight.delete(work),
      () => this.#inFlight.delete(work),
    );
    try {
      return await withTimeout(work, this.#options.timeoutMs);
    } catch (error) {
      if (error instanceof KafkaUnavailableError) {
        work.then(
          (stored) => logger.warn('Messages reached Kafka after their request timed out', { ids: stored.map(({ id }) => id) }),
          () => undefined,
        );
        throw error;
      }
      if (isRetriable(error) || error instanceof KafkaSetupError) throw new KafkaUnavailableError('Kafka is unavailable', { cause: error });
      throw error;
    }
  }

  /** Lambda freezes the container instead; tests and local tools call this to close the connection. */
  async disconnect(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    await this.#producer.take()?.then(
      (producer) => producer.disconnect(),
      () => undefined,
    );
  }

  async #produce(inputs: readonly MessageInput[]): Promise<StoredMessage[]> {
    // Both settle before anything fails, so no connect is left running behind a failed request.
    const connected = this.#producer.get();
    const [producer, partitions] = await Promise.allSettled([connected, this.#partitions.get()]);
    if (producer.status === 'rejected') throw producer.reason;
    if (partitions.status === 'rejected') throw partitions.reason;

    const { topic } = this.#options;
    const createdAt = new Date().toISOString();
    const outgoing = inputs.map((input): Outgoing => {
      const message: KafkaMessage = { id: randomUUID(), text: input.text, key: input.key ?? null, createdAt };
      const partition = partitioner({ topic, partitionMetadata: partitions.value, message: { key: recordKey(message), value: null } });
      return { message, partition };
    });
    try {
      const acknowledged = await producer.value.send({
        topic,
        acks: -1,
        // The broker's own wait for in-sync replicas, so it answers within the request's budget too.
        timeout: this.#options.timeoutMs,
        messages: outgoing.map(toRecord),
      });
      const stored = locate(topic, outgoing, acknowledged);
      logger.info('Produced messages', {
        topic,
        count: stored.length,
        batches: acknowledged.map(({ partition, baseOffset }) => ({ partition, baseOffset })),
      });
      return stored;
    } catch (error) {
      if (isUnknownPartition(error)) void this.#partitions.take();
      this.#producer.forget(connected);
      void producer.value.disconnect().catch(() => undefined);
      throw error;
    }
  }

  // kafkajs warns that limited retries may break an idempotent producer's sequence numbers;
  // a producer whose send failed is discarded, never reused, so that cannot happen here.
  async #connect(): Promise<Producer> {
    const producer = (await this.#kafka()).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return producer;
  }

  async #fetchPartitions(): Promise<PartitionMetadata[]> {
    const { topic } = this.#options;
    const admin = (await this.#kafka()).admin();
    try {
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find(({ name }) => name === topic)?.partitions;
      if (!partitions?.length) throw new Error(`Kafka returned no partitions for topic ${topic}`);
      return partitions;
    } finally {
      await admin.disconnect();
    }
  }
}

// A message's key orders it among its peers; a message without one is ordered by its id alone.
function recordKey(message: KafkaMessage): string {
  return message.key ?? message.id;
}

/** The Kafka record of a message: keyed, its JSON as the value, its id and content type as headers. */
export function messageRecord(message: KafkaMessage): Message {
  return {
    key: recordKey(message),
    value: JSON.stringify(message),
    headers: { [MESSAGE_ID_HEADER]: message.id, [CONTENT_TYPE_HEADER]: 'application/json' },
  };
}

function toRecord({ message, partition }: Outgoing): Message {
  return { ...messageRecord(message), partition };
}

/**
 * A partition's messages are appended in the order they were sent, starting at the batch's
 * `baseOffset`, so the n-th message of a partition in this send sits at baseOffset + n.
 */
export function locate(topic: string, sent: readonly Outgoing[], acknowledged: readonly RecordMetadata[]): StoredMessage[] {
  const nextOffset = new Map<number, number>();
  for (const { topicName, partition, baseOffset } of acknowledged) {
    if (topicName === topic && baseOffset !== undefined) nextOffset.set(partition, Number(baseOffset));
  }
  return sent.map(({ message, partition }) => {
    const offset = nextOffset.get(partition);
    if (offset === undefined) throw new UnknownPartitionError(topic, partition);
    nextOffset.set(partition, offset + 1);
    return { ...message, topic, partition, offset };
  });
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaUnavailableError(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// Errors kafkajs gave up retrying, and stale partitions, are worth a retry by the client.
function isRetriable(error: unknown): boolean {
  if (error instanceof UnknownPartitionError || error instanceof KafkaJSNumberOfRetriesExceeded) return true;
  return error instanceof KafkaJSError && error.retriable;
}

// kafkajs wraps the broker's error in its retry error: look down the causes.
function isUnknownPartition(error: unknown): boolean {
  let cause = error;
  while (cause instanceof Error) {
    if (cause instanceof UnknownPartitionError || (cause as { type?: unknown }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return true;
    cause = cause.cause;
  }
  return false;
}

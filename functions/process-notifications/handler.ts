import { consumerConfig } from '../../shared/config';
import { DeadLetterProducer } from '../../shared/dead-letter-producer';
import { logger } from '../../shared/logger';
import { assertIsKafkaEvent } from '../../shared/msk-record';
import { createDocumentClient, NotificationStore } from '../../shared/notification-store';
import { processNotificationBatch } from '../../shared/notifications-batch';

const config = consumerConfig();
/** Exported so tests can close it; Lambda freezes the container instead. */
export const store = new NotificationStore(createDocumentClient(config), config.NOTIFICATIONS_TABLE);
/**
 * Exported so tests can close its connection; Lambda freezes the container instead. kafkajs loads
 * with the first dead letter, not at init: most batches have none, and loading it at init took
 * about a tenth of this function's cold start (`npm run bench -- --only cold`).
 */
export const deadLetters = new DeadLetterProducer(
  () => import('../../shared/kafka-client').then(({ kafkaFor }) => kafkaFor(config.kafka)),
  config.DEAD_LETTER_TOPIC,
  config.PRODUCE_TIMEOUT_MS,
);

/**
 * MSK-triggered: one notification per message of the batch. Throws on a transient failure, so
 * the event source mapping retries the batch; poison records go to the dead-letter topic.
 */
export const handler = async (event: unknown): Promise<void> => {
  const started = Date.now();
  assertIsKafkaEvent(event);
  try {
    const summary = await processNotificationBatch(event, {
      putIfAbsent: (notification) => store.putIfAbsent(notification),
      sendDeadLetters: (letters) => deadLetters.send(letters),
    });
    logger.info('Processed batch', { ...summary, durationMs: Date.now() - started });
  } catch (error) {
    // Rethrown: the event source retries the batch; swallowing it would lose the batch.
    logger.error('Batch failed, it will be retried', { partitions: Object.keys(event.records), durationMs: Date.now() - started, error: error as Error });
    throw error;
  }
};

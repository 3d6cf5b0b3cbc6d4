import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { ProducerConfig } from './config';
import { logger } from './logger';

export type KafkaClientConfig = Pick<ProducerConfig, 'KAFKA_BROKERS' | 'KAFKA_CLIENT_ID'>;

const logMethods = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
} as const;

/** kafkajs logs through the shared Powertools logger, so its lines are structured JSON too. */
export const kafkaLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
    const method = level === logLevel.NOTHING ? undefined : logMethods[level];
    if (method) logger[method](message, { kafkajs: { namespace, ...extra } });
  };

/**
 * The one place that builds a kafkajs `Kafka`, so every function connects the same way.
 * Retries are short: kafkajs gives up on a dead broker in under 2 s (about 7 s by default), well
 * inside a request's PRODUCE_TIMEOUT_MS, so a failed request leaves nothing retrying behind it.
 */
export function createKafka(config: KafkaClientConfig): Kafka {
  return new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
  });
}

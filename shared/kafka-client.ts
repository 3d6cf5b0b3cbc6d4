import { Kafka, logLevel, type logCreator } from 'kafkajs';
import { CachedPromise } from './cached-promise';
import { ConfigError, type KafkaConnectionConfig } from './config';
import { kafkaAuthFor } from './kafka-auth';
import { explainAuthFailure, explainingFailures, type KafkaClients } from './kafka-auth-failure';
import { KafkaAuthError } from './kafka-setup-error';
import { logger } from './logger';
import { mskBootstrapBrokers } from './msk-bootstrap';

export type { KafkaClients } from './kafka-auth-failure';

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

const kafkaByConfig = new WeakMap<KafkaConnectionConfig, CachedPromise<KafkaClients>>();

/**
 * The one place that builds a kafkajs `Kafka`, so every function connects the same way: brokers
 * from KAFKA_BROKERS or discovered from MSK_CLUSTER_ARN, TLS and SASL as KAFKA_AUTH_MODE says.
 * One per config object, that is once per container, so the discovery and the SCRAM secret are
 * fetched once. A failure is not kept: the next call tries afresh. Nor is a client whose login
 * the broker refused, so a rotated SCRAM secret or a newly granted IAM permission is picked up.
 * A refused login rejects with a `KafkaAuthError` that names the mode and the cause.
 */
export function kafkaFor(config: KafkaConnectionConfig): Promise<KafkaClients> {
  let cached = kafkaByConfig.get(config);
  if (!cached) {
    const made: CachedPromise<KafkaClients> = new CachedPromise(() => {
      const created = createKafka(config, () => made.forget(created));
      return created;
    });
    kafkaByConfig.set(config, (cached = made));
  }
  return cached.get();
}

/**
 * Retries are short: kafkajs gives up on a dead broker in under 2 s (about 7 s by default), well
 * inside a request's PRODUCE_TIMEOUT_MS, so a failed request leaves nothing retrying behind it.
 * A refused login is not retried at all (kafkajs treats it as final).
 */
async function createKafka(config: KafkaConnectionConfig, onRefused: () => void): Promise<KafkaClients> {
  const [brokers, auth] = await Promise.all([brokersFor(config), kafkaAuthFor(config)]);
  const kafka = new Kafka({
    clientId: config.KAFKA_CLIENT_ID,
    brokers,
    ssl: auth.ssl,
    sasl: auth.sasl,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
  });
  return explainingFailures(kafka, (error) => {
    const explained = explainAuthFailure(error, auth.refused);
    if (explained instanceof KafkaAuthError) onRefused();
    return explained;
  });
}

function brokersFor(config: KafkaConnectionConfig): Promise<string[]> | string[] {
  if (config.KAFKA_BROKERS) return config.KAFKA_BROKERS;
  if (config.MSK_CLUSTER_ARN) return mskBootstrapBrokers(config.MSK_CLUSTER_ARN, config.KAFKA_AUTH_MODE);
  throw new ConfigError('Invalid configuration:\n  KAFKA_BROKERS: is not set, nor is MSK_CLUSTER_ARN');
}

import { Kafka, logLevel, type logCreator } from 'kafkajs';
import { CachedPromise } from './cached-promise';
import type { KafkaConnectionConfig } from './config';
import { kafkaAuthFor } from './kafka-auth';
import { explainAuthFailure, explainingFailures, type KafkaClients } from './kafka-connection/kafka-auth-failure';
import { KafkaAuthError } from './kafka-connection/kafka-setup-error';
import { logger } from './logger';
import { quietKafkajsTimers } from './kafka-connection/kafkajs-timers';
import { mskBootstrapBrokers } from './kafka-connection/msk-bootstrap';

export type { KafkaClients } from './kafka-connection/kafka-auth-failure';

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
 * After a failed discovery, secret read or a refused login, requests get that failure for this
 * long before one tries again: a bad secret must not turn every request of every container into
 * AWS API calls (and throttling), yet a fixed one is picked up within seconds.
 */
export const KAFKA_SETUP_FAILURE_HOLD_MS = 2_000;

const kafkaByConfig = new WeakMap<KafkaConnectionConfig, CachedPromise<KafkaClients>>();
const brokersByConfig = new WeakMap<KafkaConnectionConfig, CachedPromise<string[]>>();

/** Once per key object, with failures held for `KAFKA_SETUP_FAILURE_HOLD_MS`. */
function cachedFor<T>(cache: WeakMap<KafkaConnectionConfig, CachedPromise<T>>, config: KafkaConnectionConfig, create: (cached: CachedPromise<T>) => Promise<T>): CachedPromise<T> {
  let cached = cache.get(config);
  if (!cached) {
    const made: CachedPromise<T> = new CachedPromise(() => create(made), { failureHoldMs: KAFKA_SETUP_FAILURE_HOLD_MS });
    cache.set(config, (cached = made));
  }
  return cached;
}

/**
 * The one place that builds a kafkajs `Kafka`, so every function connects the same way: brokers
 * listed or discovered from the MSK cluster, TLS and SASL as the auth mode says.
 * One per config object, that is once per container, so the discovery and the SCRAM secret are
 * fetched once. A failure is kept for a moment (`KAFKA_SETUP_FAILURE_HOLD_MS`), then tried afresh.
 * So is a client whose login the broker refused: the secret is read again, so a rotated SCRAM
 * secret or a newly granted IAM permission is picked up; the brokers are not discovered again.
 * A refused login rejects with a `KafkaAuthError` that names the mode and the cause.
 */
export function kafkaFor(config: KafkaConnectionConfig): Promise<KafkaClients> {
  return cachedFor(kafkaByConfig, config, (made) => {
    const created: Promise<KafkaClients> = createKafka(config, (refusal) => made.fail(created, refusal));
    return created;
  }).get();
}

/**
 * Retries are short: kafkajs gives up on a dead broker in under 2 s (about 7 s by default), well
 * inside a request's PRODUCE_TIMEOUT_MS, so a failed request leaves nothing retrying behind it.
 * A refused login is not retried at all (kafkajs treats it as final).
 */
async function createKafka(config: KafkaConnectionConfig, onRefused: (refusal: KafkaAuthError) => void): Promise<KafkaClients> {
  const [brokers, auth] = await Promise.all([brokersFor(config), kafkaAuthFor(config.auth)]);
  quietKafkajsTimers();
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers,
    ssl: config.auth.tls,
    sasl: auth.sasl,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator,
  });
  return explainingFailures(kafka, (error) => {
    const explained = explainAuthFailure(error, auth.refused);
    if (explained instanceof KafkaAuthError) onRefused(explained);
    return explained;
  });
}

function brokersFor(config: KafkaConnectionConfig): Promise<string[]> | string[] {
  const { bootstrap } = config;
  switch (bootstrap.source) {
    case 'listed':
      return bootstrap.brokers;
    case 'msk':
      return cachedFor(brokersByConfig, config, () => mskBootstrapBrokers(bootstrap.cluster, config.auth.mode, `KAFKA_AUTH_MODE ${config.auth.mode}`)).get();
  }
}

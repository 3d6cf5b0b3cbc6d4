import { Kafka, logLevel } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WaitOptions } from '../launcher';
import { quietKafkajsTimers } from '../../shared/kafka-connection/kafkajs-timers';

quietKafkajsTimers();

export class KafkaNotReadyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaNotReadyError';
  }
}

/** Resolves once a kafkajs admin reads cluster metadata listing `expectedBrokers` brokers. */
export async function waitForBrokers(
  brokers: string[],
  expectedBrokers: number,
  options: WaitOptions,
): Promise<void> {
  const started = Date.now();
  let lastReport = started;
  let lastProblem = 'no answer yet';
  while (Date.now() - started < options.timeoutMs) {
    const fatal = options.failFast?.();
    if (fatal) throw new KafkaNotReadyError(fatal);
    const seen = await brokersSeen(brokers).catch((error: Error) => {
      lastProblem = error.message;
      return 0;
    });
    if (seen >= expectedBrokers) return;
    if (seen > 0) lastProblem = `${seen} of ${expectedBrokers} brokers registered`;
    if (Date.now() - lastReport >= 1000) {
      lastReport = Date.now();
      options.onWait?.(lastReport - started);
    }
    await sleep(250);
  }
  throw new KafkaNotReadyError(
    `Kafka at ${brokers.join(',')} was not ready after ${options.timeoutMs / 1000}s (${lastProblem})`,
  );
}

async function brokersSeen(brokers: string[]): Promise<number> {
  const admin = new Kafka({
    clientId: 'local-kafka-readiness',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.controller === null ? 0 : cluster.brokers.length;
  } finally {
    await admin.disconnect();
  }
}

/**
 * A fresh cluster creates `__consumer_offsets` on the first group request and answers "coordinator
 * is loading" until then; asking once here spares every first consumer a crash-and-restart.
 */
export async function waitForGroupCoordinator(brokers: string[], topic: string, timeoutMs: number): Promise<void> {
  const admin = new Kafka({ clientId: 'local-kafka-readiness', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const started = Date.now();
  try {
    for (;;) {
      try {
        await admin.fetchOffsets({ groupId: 'local-kafka-readiness', topics: [topic] });
        return;
      } catch (error) {
        if (Date.now() - started > timeoutMs) {
          throw new KafkaNotReadyError(`The group coordinator did not come up: ${(error as Error).message}`, { cause: error });
        }
        await sleep(250);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

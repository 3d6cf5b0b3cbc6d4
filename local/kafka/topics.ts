import { Kafka, logLevel, type Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { quietKafkajsTimers } from '../../shared/kafka-connection/kafkajs-timers';
import type { TopicDefinition } from '../config';

quietKafkajsTimers();

/**
 * Creates the topics that are missing, before any consumer subscribes: kafkajs fails on topics
 * that appear while it joins a group. Returns the names it created.
 */
export async function ensureTopics(
  brokers: string[],
  topics: readonly TopicDefinition[],
  replicationFactor: number,
): Promise<string[]> {
  const admin = new Kafka({ clientId: 'local-kafka-topics', brokers, logLevel: logLevel.WARN }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions, replicationFactor })),
      });
    }
    // Those that existed too: a cluster just restarted may still be electing their leaders.
    await waitForTopicsReady(admin, topics.map((topic) => topic.name));
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}

type TopicConfig = Parameters<Admin['createTopics']>[0]['topics'][number];

/**
 * Creates `topics` and returns once each partition has a leader and a full in-sync set. kafkajs's
 * own `waitForLeaders` gives up at the first "does not host this topic-partition", which a KRaft
 * broker answers until the new topic reaches its metadata; under load that takes a while.
 */
export async function createTopicsReady(admin: Admin, topics: TopicConfig[]): Promise<void> {
  if (topics.length === 0) return;
  await admin.createTopics({ waitForLeaders: false, topics });
  await waitForTopicsReady(admin, topics.map((topic) => topic.topic));
}

const TOPICS_READY_TIMEOUT_MS = 30_000;

/** Waits until every partition of `topics` has a leader and all its replicas in sync. */
export async function waitForTopicsReady(admin: Admin, topics: string[], timeoutMs = TOPICS_READY_TIMEOUT_MS): Promise<void> {
  const started = Date.now();
  let waitingFor: string;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const notReady = metadata.topics.flatMap((topic) =>
        topic.partitions
          .filter((partition) => partition.leader < 0 || partition.isr.length < partition.replicas.length)
          .map((partition) => `${topic.name}-${partition.partitionId}`),
      );
      if (notReady.length === 0) return;
      waitingFor = notReady.join(', ');
    } catch (error) {
      if (!isRetriable(error)) throw error;
      waitingFor = `${topics.join(', ')} (${(error as Error).message})`;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`topic partitions not ready (leader elected, replicas in sync) within ${timeoutMs / 1000}s: ${waitingFor}`);
    }
    await sleep(100);
  }
}

/** A retriable Kafka error, also when kafkajs's own retries gave up on it. */
function isRetriable(error: unknown): boolean {
  const { retriable, originalError } = error as { retriable?: boolean; originalError?: { retriable?: boolean } };
  return retriable === true || originalError?.retriable === true;
}

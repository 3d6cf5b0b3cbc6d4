import { Kafka, logLevel, type Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TopicDefinition } from '../config';

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
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor,
        })),
      });
    }
    await waitForFullIsr(admin, topics.map((topic) => topic.name));
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}

const FULL_ISR_TIMEOUT_MS = 30_000;

/** A new topic's followers join the ISR a moment after its leaders exist; `up` returns once they have. */
async function waitForFullIsr(admin: Admin, topics: string[]): Promise<void> {
  const started = Date.now();
  for (;;) {
    const metadata = await admin.fetchTopicMetadata({ topics });
    const lagging = metadata.topics.flatMap((topic) =>
      topic.partitions.filter((partition) => partition.isr.length < partition.replicas.length).map((partition) => `${topic.name}-${partition.partitionId}`),
    );
    if (lagging.length === 0) return;
    if (Date.now() - started > FULL_ISR_TIMEOUT_MS) {
      throw new Error(`replicas of ${lagging.join(', ')} did not join the in-sync set within ${FULL_ISR_TIMEOUT_MS / 1000}s`);
    }
    await sleep(200);
  }
}

import { Kafka, logLevel } from 'kafkajs';
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
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}

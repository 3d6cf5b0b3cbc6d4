import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Admin } from 'kafkajs';
import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { createNotificationsTable, notificationIds, testDynamoDBClient } from '../../helpers/dynamodb';
import { uniqueName, type testKafka } from '../../helpers/kafka';
import { createTopic } from '../../helpers/kafka-records';
import type { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker, type PollerTestBroker } from '../../helpers/poller-test-broker';
import type { NotificationsPipeline } from './notifications-service';

export interface ChaosStack {
  broker: PollerTestBroker;
  /** `createPipeline` on the suite's broker and (unless given another) DynamoDB Local. */
  pipeline(prefix: string, dynamodb?: DynamoDBClient): Promise<NotificationsPipeline>;
  /** `drain` on the suite's broker and (unless given another) DynamoDB Local. */
  drained(pipeline: NotificationsPipeline, service: PollerService, timeoutMs: number, dynamodb?: DynamoDBClient): Promise<string[]>;
}

/** A fresh topic (3 partitions), dead-letter topic and notifications table for one scenario. */
export async function createPipeline(kafka: ReturnType<typeof testKafka>, dynamodb: DynamoDBClient, prefix: string): Promise<NotificationsPipeline> {
  const [topic, deadLetterTopic] = [uniqueName(prefix), uniqueName(`${prefix}-dlq`)];
  const [table] = await Promise.all([createNotificationsTable(dynamodb), createTopic(kafka, topic), createTopic(kafka, deadLetterTopic)]);
  return { topic, deadLetterTopic, table };
}

/** Waits until the service's group has committed the whole topic, then reads the ids the table holds. */
export async function drain(admin: Admin, dynamodb: DynamoDBClient, pipeline: NotificationsPipeline, service: PollerService, timeoutMs: number): Promise<string[]> {
  await waitForCommittedEnd(admin, service.groupId, pipeline.topic, timeoutMs);
  return notificationIds(dynamodb, pipeline.table);
}

/**
 * What every chaos scenario on the suite's broker sets up (call it at the top of a `describe`):
 * the poller tests' broker clients, a DynamoDB Local client, and no poller left running after a test.
 */
export function useChaosStack(): ChaosStack {
  const broker = usePollerTestBroker();
  const dynamodb = testDynamoDBClient();
  afterAll(() => dynamodb.destroy());
  return {
    broker,
    pipeline: (prefix, client = dynamodb) => createPipeline(broker.kafka, client, prefix),
    drained: (pipeline, service, timeoutMs, client = dynamodb) => drain(broker.admin, client, pipeline, service, timeoutMs),
  };
}

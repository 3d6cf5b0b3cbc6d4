import fs from 'node:fs';
import { dynamodbDown } from '../../local/dynamodb/instance';
import { instanceSpec } from '../../local/dynamodb/instance-spec';
import { kafkaDown } from '../../local/kafka/cluster';
import { clusterSpec } from '../../local/kafka/cluster-spec';
import { printFiguresTable } from './support/figures-table';
import { CHAOS_DYNAMODB, CHAOS_KAFKA } from './support/stack';

/** Set by global-setup.ts; jest runs both in one process. */
export const startedByChaos = globalThis as { chaosKafkaStartedHere?: boolean; chaosDynamodbStartedHere?: boolean };

// Each stops what global-setup.ts started and deletes its data: the topics and tables were this run's alone.
async function stopKafka(): Promise<void> {
  await kafkaDown(CHAOS_KAFKA);
  fs.rmSync(clusterSpec(CHAOS_KAFKA).stateDir, { recursive: true, force: true });
}

async function stopDynamoDB(): Promise<void> {
  await dynamodbDown(CHAOS_DYNAMODB);
  fs.rmSync(instanceSpec(CHAOS_DYNAMODB).stateDir, { recursive: true, force: true });
}

/** Prints every scenario's figures, then stops what global-setup.ts started (one it found running is left running). */
export default async function globalTeardown(): Promise<void> {
  printFiguresTable();
  await Promise.all([startedByChaos.chaosKafkaStartedHere && stopKafka(), startedByChaos.chaosDynamodbStartedHere && stopDynamoDB()]);
}

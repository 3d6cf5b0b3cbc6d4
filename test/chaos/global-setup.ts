import fs from 'node:fs';
import path from 'node:path';
import { dynamodbStatus, dynamodbUp } from '../../local/dynamodb/instance';
import { instanceSpec } from '../../local/dynamodb/instance-spec';
import { kafkaStatus, kafkaUp } from '../../local/kafka/cluster';
import { clusterSpec } from '../../local/kafka/cluster-spec';
import globalTeardown, { startedByChaos } from './global-teardown';
import { CHAOS_DYNAMODB, CHAOS_KAFKA, chaosScale, FIGURES_FILE } from './support/stack';

const log = (line: string): void => console.log(`[chaos] ${line}`);

/**
 * A Kafka broker and a DynamoDB Local of the suite's own (never the developer's: the scenarios
 * stop and kill what they run on), started empty and handed to the scenarios as KAFKA_BROKERS
 * and DYNAMODB_ENDPOINT.
 */
export default async function globalSetup(): Promise<void> {
  log(`scale: ${chaosScale()}`);
  fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  fs.rmSync(FIGURES_FILE, { force: true });
  if (!kafkaStatus(CHAOS_KAFKA)) fs.rmSync(clusterSpec(CHAOS_KAFKA).stateDir, { recursive: true, force: true });
  if (!dynamodbStatus(CHAOS_DYNAMODB)) fs.rmSync(instanceSpec(CHAOS_DYNAMODB).stateDir, { recursive: true, force: true });
  try {
    const [kafka, dynamodb] = await Promise.all([
      kafkaUp({ ...CHAOS_KAFKA, runtime: 'java', brokersFromEnv: false, progress: (line) => log(`kafka: ${line}`) }),
      dynamodbUp({ ...CHAOS_DYNAMODB, runtime: 'java', endpointFromEnv: false, progress: (line) => log(`dynamodb: ${line}`) }),
    ]);
    startedByChaos.chaosKafkaStartedHere = kafka.startedHere;
    startedByChaos.chaosDynamodbStartedHere = dynamodb.startedHere;
    process.env.KAFKA_BROKERS = kafka.cluster.bootstrapServers.join(',');
    process.env.DYNAMODB_ENDPOINT = dynamodb.instance.endpoint;
    // The functions' own INFO lines (one per batch) would bury the scenarios' output.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  } catch (error) {
    // Jest runs no teardown after a failed setup: stop here whichever of the two did start.
    await globalTeardown();
    throw error;
  }
}

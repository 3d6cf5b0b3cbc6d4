import fs from 'node:fs';
import path from 'node:path';
import { dynamodbStatus, dynamodbUp } from '../../local/dynamodb/instance';
import { instanceSpec } from '../../local/dynamodb/instance-spec';
import { kafkaStatus, kafkaUp } from '../../local/kafka/cluster';
import { clusterSpec } from '../../local/kafka/cluster-spec';
import buildPlugin from '../build-plugin';
import globalTeardown, { startedByChaos } from './global-teardown';
import { CHAOS_DYNAMODB, CHAOS_KAFKA, chaosScale, FIGURES_FILE } from './support/stack';

const log = (line: string): void => console.log(`[chaos] ${line}`);

/**
 * A Kafka broker and a DynamoDB Local of the suite's own (never the developer's: the scenarios
 * stop and kill what they run on), started empty and handed to the scenarios as KAFKA_BROKERS
 * and DYNAMODB_ENDPOINT.
 */
export default async function globalSetup(): Promise<void> {
  buildPlugin();
  log(`scale: ${chaosScale()}`);
  fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  fs.rmSync(FIGURES_FILE, { force: true });
  if (!kafkaStatus(CHAOS_KAFKA)) fs.rmSync(clusterSpec(CHAOS_KAFKA).stateDir, { recursive: true, force: true });
  if (!dynamodbStatus(CHAOS_DYNAMODB)) fs.rmSync(instanceSpec(CHAOS_DYNAMODB).stateDir, { recursive: true, force: true });
  const started = await Promise.allSettled([
    kafkaUp({ ...CHAOS_KAFKA, runtime: 'java', brokersFromEnv: false, progress: (line) => log(`kafka: ${line}`) }).then((kafka) => {
      startedByChaos.chaosKafkaStartedHere = kafka.startedHere;
      process.env.KAFKA_BROKERS = kafka.cluster.bootstrapServers.join(',');
    }),
    dynamodbUp({ ...CHAOS_DYNAMODB, runtime: 'java', endpointFromEnv: false, progress: (line) => log(`dynamodb: ${line}`) }).then((dynamodb) => {
      startedByChaos.chaosDynamodbStartedHere = dynamodb.startedHere;
      process.env.DYNAMODB_ENDPOINT = dynamodb.instance.endpoint;
    }),
  ]);
  const failures = started.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  if (failures.length > 0) {
    // Jest runs no teardown after a failed setup: stop here whichever of the two did start.
    await globalTeardown();
    throw failures.length === 1 ? failures[0] : new Error(failures.map((failure) => failure.message).join('\n\n'));
  }
  // The functions' own INFO lines (one per batch) would bury the scenarios' output.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
}

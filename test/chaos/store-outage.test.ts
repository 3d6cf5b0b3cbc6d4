import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { dynamodbDown, dynamodbUp } from '../../local/dynamodb/instance';
import { instanceSpec } from '../../local/dynamodb/instance-spec';
import { waitForCommittedRecords } from '../helpers/consumer-group';
import { testDynamoDBClient } from '../helpers/dynamodb';
import { useChaosStack } from './support/chaos-stack';
import { report, thousands } from './support/figures-table';
import { produceMessages } from './support/message-stream';
import { notificationsService } from './support/notifications-service';
import { CHAOS_STORE_OUTAGE_DYNAMODB, messageCount } from './support/stack';

/** A DynamoDB Local of this scenario's own, which it stops and starts again. */
const STORE = { ...CHAOS_STORE_OUTAGE_DYNAMODB, runtime: 'java', endpointFromEnv: false } as const;
const OUTAGE_MS = 10_000;

/** Scenario 6: the notifications store goes away for 10 s in the middle of a run. */
describe('chaos: store outage', () => {
  const stack = useChaosStack();
  const count = messageCount({ full: 10_000, ci: 2_000 });
  let endpoint: string;
  let store: DynamoDBClient;

  beforeAll(async () => {
    endpoint = (await dynamodbUp(STORE)).instance.endpoint;
    store = testDynamoDBClient(endpoint);
  });

  afterAll(async () => {
    store?.destroy();
    await dynamodbDown(STORE);
    fs.rmSync(instanceSpec(STORE).stateDir, { recursive: true, force: true });
  });

  it('DynamoDB Local stopped for 10 s mid-run: the failed batches retry and resume, none lost', async () => {
    const pipeline = await stack.pipeline('chaos-outage', store);
    const service = notificationsService({ pipeline, dynamodbEndpoint: endpoint });
    const poller = await service.start();
    const streaming = produceMessages(stack.broker.producer, { topic: pipeline.topic, count, chunk: 100, ratePerSecond: count / 30 });

    const committedAtStop = await waitForCommittedRecords(stack.broker.admin, service.groupId, pipeline.topic, 0.3 * count);
    const stoppedAt = Date.now();
    await dynamodbDown(STORE);
    await sleep(OUTAGE_MS);
    const downMs = Date.now() - stoppedAt;
    await dynamodbUp(STORE);
    const answeringAfterMs = Date.now() - stoppedAt;
    const failedDuringOutage = poller.invocations().filter((line) => line.outcome === 'error').length;
    const stream = await streaming;
    const stored = await stack.drained(pipeline, service, 600_000, store);

    const figures = report(
      '6. DynamoDB Local stopped mid-run',
      { sent: stream.acknowledged, deliveries: service.deliveries(), arrived: new Set(stored) },
      `stopped at ${thousands(committedAtStop)} committed, for ${(downMs / 1000).toFixed(1)} s (answering again after ${(answeringAfterMs / 1000).toFixed(1)} s); ` +
        `${failedDuringOutage} invocations failed meanwhile and were retried`,
    );
    expect(stream.unacknowledged).toBe(0);
    expect(failedDuringOutage).toBeGreaterThan(0);
    expect(figures).toMatchObject({ sent: count, delivered: count, lost: 0, outOfOrder: 0 });
    expect(stored).toHaveLength(count);
  });
});

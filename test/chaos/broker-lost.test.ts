import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { clusterSpec } from '../../local/kafka/cluster-spec';
import { kafkaDown, kafkaNodeDown, kafkaNodeUp, kafkaStatus, kafkaUp, type KafkaCluster } from '../../local/kafka/cluster';
import { testDynamoDBClient } from '../helpers/dynamodb';
import { trackedClients, uniqueName } from '../helpers/kafka';
import { connectedAdmin, connectedProducer } from '../helpers/kafka-produce';
import { readWholeTopic } from '../helpers/kafka-records';
import { cleanUpPollerServices } from '../helpers/poller-service';
import { waitUntil } from '../helpers/wait';
import { createPipeline, drain } from './support/chaos-stack';
import { report, thousands } from './support/figures-table';
import { produceMessages } from './support/message-stream';
import { notificationsService } from './support/notifications-service';
import { CHAOS_THREE_BROKERS, messageCount } from './support/stack';

const CLUSTER = { ...CHAOS_THREE_BROKERS, runtime: 'java', brokersFromEnv: false } as const;
/** How long the killed broker stays down: past the controller fencing it (about 9 s) and its partitions' new leaders taking over. */
const DOWN_MS = 20_000;

/** Leader and in-sync replicas of one partition. */
async function partitionState(admin: Admin, topic: string, partition: number): Promise<{ leader: number; isr: number[] }> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const { leader, isr } = topics[0]!.partitions.find((candidate) => candidate.partitionId === partition)!;
  return { leader, isr };
}

/** Scenario 3: on a 3-broker cluster (replication 3, min.insync.replicas 2), the leader of a partition crashes mid-run. */
describe('chaos: a broker lost', () => {
  const count = messageCount({ full: 10_000, ci: 2_000 });
  const dynamodb = testDynamoDBClient();
  let cluster: KafkaCluster;
  let kafka: ReturnType<typeof trackedClients>;
  let admin: Admin;
  let producer: Producer;
  /** The killed broker's restart, awaited before the cluster is stopped even when the test failed. */
  let restarting: Promise<unknown> | undefined;

  beforeAll(async () => {
    // A fresh cluster each run: its topics are this run's alone.
    if (!kafkaStatus(CLUSTER)) fs.rmSync(clusterSpec(CLUSTER).stateDir, { recursive: true, force: true });
    ({ cluster } = await kafkaUp(CLUSTER));
    // Retries that outlast the broker's absence (kafkajs may keep asking the dead broker for metadata); its errors are expected.
    kafka = trackedClients(new Kafka({ clientId: uniqueName('chaos'), brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 20, maxRetryTime: 5_000 } }));
    [admin, producer] = await Promise.all([connectedAdmin(kafka), connectedProducer(kafka)]);
  }, 300_000);

  afterEach(cleanUpPollerServices);

  afterAll(async () => {
    await restarting?.catch(() => undefined);
    await kafka?.disconnectAll();
    dynamodb.destroy();
    await kafkaDown(CLUSTER);
    fs.rmSync(clusterSpec(CLUSTER).stateDir, { recursive: true, force: true });
  }, 120_000);

  it('the leader of a partition is SIGKILLed mid-run and comes back: no acknowledged message lost or written twice, the poller carries on', async () => {
    const pipeline = await createPipeline(kafka, dynamodb, 'chaos-broker');
    const service = notificationsService({ pipeline, brokers: cluster.bootstrapServers });
    const poller = await service.start();
    const { leader, isr } = await partitionState(admin, pipeline.topic, 0);
    expect(isr).toHaveLength(3);

    let acknowledgedSoFar = 0;
    let killedAt = -1;
    let restartedAt = -1;
    const stream = await produceMessages(producer, {
      topic: pipeline.topic,
      count,
      chunk: 100,
      ratePerSecond: count / 40,
      onProgress: async (acknowledged) => {
        acknowledgedSoFar = acknowledged;
        if (killedAt >= 0 || acknowledged < 0.3 * count) return;
        killedAt = acknowledged;
        await kafkaNodeDown(leader, CLUSTER);
        // Back after a while, whatever the stream's progress meanwhile.
        restarting = sleep(DOWN_MS).then(async () => {
          restartedAt = acknowledgedSoFar;
          await kafkaNodeUp(leader, CLUSTER);
        });
      },
    });
    await restarting;
    const newLeader = (await partitionState(admin, pipeline.topic, 0)).leader;
    await waitUntil('the restarted broker is back in the in-sync replicas', async () => (await partitionState(admin, pipeline.topic, 0)).isr.length === 3, 120_000);
    const stored = await drain(admin, dynamodb, pipeline, service, 600_000);

    const inTopic = (await readWholeTopic(kafka, admin, pipeline.topic, 120_000)).map((record) => (JSON.parse(record.value!) as { id: string }).id);
    const topicIds = new Set(inTopic);
    const writtenTwice = inTopic.length - topicIds.size;
    const missingFromTopic = stream.acknowledged.filter((message) => !topicIds.has(message.id)).length;
    const figures = report(
      '3. partition leader SIGKILLed, back later (3 brokers)',
      { sent: stream.acknowledged, deliveries: service.deliveries(), arrived: new Set(stored) },
      `broker ${leader} (leader of p0) killed at ${thousands(killedAt)} acknowledged, p0 led by ${newLeader} after; restarted ${DOWN_MS / 1000} s later at ${thousands(restartedAt)}; ` +
        `${stream.unacknowledged} unacknowledged${stream.errors[0] ? ` (${stream.errors[0]})` : ''}; ${thousands(inTopic.length)} records in the topic, ${missingFromTopic} acknowledged missing, ${writtenTwice} twice; one poller process throughout`,
    );
    expect(killedAt).toBeGreaterThan(0);
    expect(restartedAt).toBeGreaterThanOrEqual(killedAt);
    expect(writtenTwice).toBe(0);
    expect(missingFromTopic).toBe(0);
    expect(figures).toMatchObject({ sent: stream.acknowledged.length, delivered: stream.acknowledged.length, lost: 0, outOfOrder: 0 });
    expect(poller.exitStatus).toBeUndefined();
  });
});

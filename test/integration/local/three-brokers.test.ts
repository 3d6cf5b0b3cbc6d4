import { Kafka, logLevel } from 'kafkajs';
import { MESSAGE_CREATED_TOPIC } from '../../../local/config';
import { kafkaDown, kafkaUp, type KafkaCluster } from '../../../local/kafka/cluster';
import { isAlive } from '../../../local/process';

/** Its own cluster on its own ports and state folder, so the shared test broker is untouched. */
const TEST_CLUSTER = { name: 'test-three-brokers', brokers: 3, basePort: 19092, controllerBasePort: 19192 };

describe('npm run kafka -- up --brokers 3', () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    ({ cluster } = await kafkaUp({ ...TEST_CLUSTER, runtime: 'java', brokersFromEnv: false }));
  }, 180_000);

  afterAll(async () => {
    if (cluster) await kafkaDown(TEST_CLUSTER);
  }, 60_000);

  it('runs three brokers with message-created at replication factor 3 and all replicas in sync', async () => {
    const admin = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.WARN }).admin();
    await admin.connect();
    try {
      const { brokers } = await admin.describeCluster();
      expect(brokers.map((broker) => broker.nodeId).sort()).toEqual([1, 2, 3]);

      const { topics } = await admin.fetchTopicMetadata({ topics: [MESSAGE_CREATED_TOPIC.name] });
      const partitions = topics[0]!.partitions;
      expect(partitions).toHaveLength(MESSAGE_CREATED_TOPIC.partitions);
      for (const partition of partitions) {
        expect(partition.replicas).toHaveLength(3);
        expect(partition.isr).toHaveLength(3);
      }

      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2 /* TOPIC */, name: MESSAGE_CREATED_TOPIC.name, configNames: ['min.insync.replicas'] }],
      });
      expect(resources[0]!.configEntries[0]!.configValue).toBe('2');
    } finally {
      await admin.disconnect();
    }
  });

  it('is reused by a second up, and down leaves none of its Java processes behind', async () => {
    const again = await kafkaUp({ ...TEST_CLUSTER, runtime: 'java', brokersFromEnv: false });
    expect(again.startedHere).toBe(false);
    expect(again.cluster.nodes.map((node) => node.pid)).toEqual(cluster.nodes.map((node) => node.pid));

    await kafkaDown(TEST_CLUSTER);
    for (const node of cluster.nodes) expect(isAlive(node.pid)).toBe(false);
  }, 60_000);
});

import fs from 'node:fs';
import { KAFKA_VERSION } from '../../../local/config';
import { kafkaDown, kafkaUp, type KafkaCluster } from '../../../local/kafka/cluster';

/** Another Kafka 4 release than the default, on its own ports and state folder. */
const OTHER_VERSION = '4.1.2';
// Ports no other test's cluster uses (scram.test.ts's SCRAM listener is on 19692).
const TEST_CLUSTER = { name: 'test-kafka-version', basePort: 20092, controllerBasePort: 20192 };

describe(`npm run kafka -- up --kafka-version ${OTHER_VERSION}`, () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    ({ cluster } = await kafkaUp({ ...TEST_CLUSTER, kafkaVersion: OTHER_VERSION, runtime: 'java', brokersFromEnv: false }));
  }, 300_000);

  afterAll(async () => {
    if (cluster) await kafkaDown(TEST_CLUSTER);
  }, 60_000);

  it('runs that release, fetched from Maven Central, and records it', () => {
    expect(cluster.kafkaVersion).toBe(OTHER_VERSION);
    const log = fs.readFileSync(cluster.nodes[0]!.logPath, 'utf8');
    expect(log).toContain(`Kafka version: ${OTHER_VERSION}`);
    expect(log).not.toContain(`Kafka version: ${KAFKA_VERSION}`);
  });

  it('refuses to reuse it for the default release', async () => {
    await expect(kafkaUp({ ...TEST_CLUSTER, kafkaVersion: KAFKA_VERSION, runtime: 'java', brokersFromEnv: false })).rejects.toThrow(
      `Kafka ${OTHER_VERSION} is already running; run \`npm run kafka -- down\` before starting ${KAFKA_VERSION}.`,
    );
  });

  it('takes 4.x.y releases only', async () => {
    await expect(kafkaUp({ ...TEST_CLUSTER, name: 'test-kafka-version-bad', kafkaVersion: '3.9.1', runtime: 'java', brokersFromEnv: false })).rejects.toThrow(
      'must be an Apache Kafka 4.x.y release, got 3.9.1',
    );
  });
});

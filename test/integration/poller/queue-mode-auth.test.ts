import fs from 'node:fs';
import { LOCAL_SCRAM_USER } from '../../../local/config';
import { kafkaDown, kafkaUp, type KafkaCluster } from '../../../local/kafka/cluster';
import { setGroupConfigs } from '../../../local/poller/share-group';
import { isAlive } from '../../../local/process';
import { testKafka, uniqueName } from '../../helpers/kafka';
import { connectedProducer, produceToPartition } from '../../helpers/kafka-produce';
import { createTopic } from '../../helpers/kafka-records';
import { deliveredRecords, range } from '../../helpers/poller-deliveries';
import { cleanUpPollerServices, PollerService } from '../../helpers/poller-service';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../helpers/secrets-manager-stand-in';
import { waitUntil } from '../../helpers/wait';

/** A cluster of its own with the listeners Lambda logs in on, on ports of its own (17492 + 200..500). */
const AUTH_CLUSTER = { name: 'test-queue-auth', brokers: 1, basePort: 17492, controllerBasePort: 17592, scram: LOCAL_SCRAM_USER, authListeners: true };
const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;
const SASL_SECRET = secretArn('local-sasl-user');
const ROOT_CA_SECRET = secretArn('local-root-ca');
const CLIENT_CERTIFICATE_SECRET = secretArn('local-client-certificate');
const RECORDS = 4;

/**
 * Queue mode's share-group requests travel over the same kafkajs connections as Stream mode's:
 * SASL_SSL with SCRAM-SHA-512 and mutual TLS, secrets read through the Secrets Manager API.
 */
describe('poller: Queue mode logs in as the kafka event deploys it', () => {
  let cluster: KafkaCluster;
  let secretsManager: SecretsManagerStandIn;
  const awsEnv = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;
  const savedAwsEnv = awsEnv.map((name) => [name, process.env[name]] as const);

  beforeAll(async () => {
    ({ cluster } = await kafkaUp({ ...AUTH_CLUSTER, runtime: 'java', brokersFromEnv: false }));
    const { tls } = cluster.authListeners!;
    const ca = fs.readFileSync(tls.caPath, 'utf8');
    secretsManager = await startSecretsManagerStandIn({
      [SASL_SECRET]: JSON.stringify(LOCAL_SCRAM_USER),
      [ROOT_CA_SECRET]: JSON.stringify({ certificate: ca }),
      [CLIENT_CERTIFICATE_SECRET]: JSON.stringify({ certificate: fs.readFileSync(tls.clientCertificatePath, 'utf8') + ca, privateKey: fs.readFileSync(tls.clientKeyPath, 'utf8') }),
    });
    Object.assign(process.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });
  }, 180_000);

  afterEach(cleanUpPollerServices);

  afterAll(async () => {
    await secretsManager?.close();
    for (const [name, value] of savedAwsEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (cluster) {
      await kafkaDown(AUTH_CLUSTER);
      for (const node of cluster.nodes) expect(isAlive(node.pid)).toBe(false);
    }
  }, 60_000);

  it.each([
    ['SASL_SSL with SCRAM-SHA-512', 'saslSsl', { saslScram512Auth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }],
    ['mutual TLS', 'mutualTls', { clientCertificateTlsAuth: CLIENT_CERTIFICATE_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }],
  ] as const)('processes every record over %s', async (_name, listener, accessConfigurations) => {
    const kafka = testKafka(cluster.bootstrapServers);
    const topic = uniqueName('queue-auth');
    const groupId = uniqueName('queue-auth-group');
    try {
      await createTopic(kafka, topic, 1);
      await setGroupConfigs(cluster.bootstrapServers, groupId, { 'share.auto.offset.reset': 'earliest' });
      await produceToPartition(await connectedProducer(kafka), topic, 0, RECORDS);
    } finally {
      await kafka.disconnectAll();
    }
    const service = new PollerService({
      topic,
      source: 'kafka',
      brokers: cluster.bootstrapServers,
      event: { bootstrapServers: cluster.authListeners![listener], accessConfigurations, consumerGroupId: groupId, startingPosition: undefined, maximumBatchingWindow: undefined },
      mapping: { consumptionMode: 'Queue' },
      cliArgs: ['--kafka-auth', 'event'],
    });
    await service.start();
    await waitUntil('every record is processed', () => deliveredRecords(service.deliveries()).length >= RECORDS, 60_000);
    expect(deliveredRecords(service.deliveries()).map((record) => record.offset).sort((a, b) => a - b)).toEqual(range(0, RECORDS));
  });
});

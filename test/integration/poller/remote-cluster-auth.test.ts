import fs from 'node:fs';
import { LOCAL_SCRAM_USER } from '../../../local/config';
import { kafkaDown, kafkaUp, type KafkaCluster } from '../../../local/kafka/cluster';
import { isAlive } from '../../../local/process';
import { writeWithJavaClient } from '../../helpers/java-producer';
import { testKafka, uniqueName } from '../../helpers/kafka';
import { createTopic } from '../../helpers/kafka-records';
import { offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { cleanUpPollerServices, PollerService } from '../../helpers/poller-service';
import { errorLines, pollerStatus } from '../../helpers/poller-status';
import { freePorts } from '../../helpers/ports';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../helpers/secrets-manager-stand-in';
import { waitUntil } from '../../helpers/wait';

/** A cluster of its own with every listener Lambda logs in on, on ports of its own (18492 + 200..500). */
const AUTH_CLUSTER = { name: 'test-auth-listeners', brokers: 1, basePort: 18492, controllerBasePort: 18592, scram: LOCAL_SCRAM_USER, authListeners: true };

const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${name}-AbCdEf`;
const SASL_SECRET = secretArn('local-sasl-user');
const WRONG_PASSWORD_SECRET = secretArn('wrong-password');
const MISSING_SECRET = secretArn('missing');
const ROOT_CA_SECRET = secretArn('local-root-ca');
const CLIENT_CERTIFICATE_SECRET = secretArn('local-client-certificate');
const RECORDS_PER_PARTITION = 2;

/**
 * The poller logs in the way each `kafka` event deploys it (`--kafka-auth event`), on the local
 * broker's real SASL_SSL, SSL and mutual-TLS listeners, reading every secret through the Secrets
 * Manager API (a stand-in on 127.0.0.1). The secrets have the shapes AWS's guide gives
 * (https://docs.aws.amazon.com/lambda/latest/dg/kafka-cluster-auth.html): {username, password};
 * {certificate, privateKey} for clientCertificateTlsAuth; {certificate} for serverRootCaCertificate.
 */
describe('poller: logs in to a cluster as the kafka event deploys it', () => {
  let cluster: KafkaCluster;
  let secretsManager: SecretsManagerStandIn;
  let topic: string;
  const awsEnv = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'] as const;
  const savedAwsEnv = awsEnv.map((name) => [name, process.env[name]] as const);

  beforeAll(async () => {
    ({ cluster } = await kafkaUp({ ...AUTH_CLUSTER, runtime: 'java', brokersFromEnv: false }));
    const { tls } = cluster.authListeners!;
    const ca = fs.readFileSync(tls.caPath, 'utf8');
    secretsManager = await startSecretsManagerStandIn({
      [SASL_SECRET]: JSON.stringify(LOCAL_SCRAM_USER),
      [WRONG_PASSWORD_SECRET]: JSON.stringify({ username: LOCAL_SCRAM_USER.username, password: 'not-the-password' }),
      [ROOT_CA_SECRET]: JSON.stringify({ certificate: ca }),
      // The client certificate first, then its chain, as AWS expects.
      [CLIENT_CERTIFICATE_SECRET]: JSON.stringify({ certificate: fs.readFileSync(tls.clientCertificatePath, 'utf8') + ca, privateKey: fs.readFileSync(tls.clientKeyPath, 'utf8') }),
    });
    // The pollers this file starts inherit these: no AWS account is involved.
    Object.assign(process.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' });

    const kafka = testKafka(cluster.bootstrapServers);
    topic = uniqueName('auth');
    try {
      await createTopic(kafka, topic, 2);
    } finally {
      await kafka.disconnectAll();
    }
    await writeWithJavaClient({
      bootstrapServers: cluster.bootstrapServers,
      topic,
      steps: [0, 1].flatMap((partition) =>
        range(0, RECORDS_PER_PARTITION).map((index) => ({ type: 'send' as const, partition, key: Buffer.from(`k${index}`), value: Buffer.from(`{"n":${index}}`) })),
      ),
    });
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

  /** A poller of one `kafka` event on `listener`, logging in as the event says. */
  function service(bootstrapServers: string[], accessConfigurations: Record<string, string>, statusPort = 0): PollerService {
    return new PollerService({
      topic,
      source: 'kafka',
      statusPort,
      brokers: cluster.bootstrapServers,
      event: { bootstrapServers, accessConfigurations, maximumBatchingWindow: 0 },
      cliArgs: ['--kafka-auth', 'event'],
    });
  }

  it('processes every record on SASL_SSL with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, on SSL with the root CA secret, and on mutual TLS', async () => {
    const { saslSsl, ssl, mutualTls } = cluster.authListeners!;
    const services = {
      'SASL/PLAIN': service(saslSsl, { saslPlainAuth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
      'SASL/SCRAM-SHA-256': service(saslSsl, { saslScram256Auth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
      'SASL/SCRAM-SHA-512': service(saslSsl, { saslScram512Auth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
      TLS: service(ssl, { serverRootCaCertificate: ROOT_CA_SECRET }),
      'mutual TLS': service(mutualTls, { clientCertificateTlsAuth: CLIENT_CERTIFICATE_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
    };

    const pollers = await Promise.all(Object.values(services).map((each) => each.start()));

    for (const [login, each] of Object.entries(services)) {
      await waitUntil(`the ${login} poller delivers every record`, () => each.deliveries().flatMap((delivery) => Object.values(delivery.event.records).flat()).length >= 2 * RECORDS_PER_PARTITION);
      expect({ login, offsets: offsetsByPartition(each.deliveries()) }).toEqual({ login, offsets: [range(0, RECORDS_PER_PARTITION), range(0, RECORDS_PER_PARTITION)] });
    }
    expect(pollers.find((poller) => poller.lines.some((line) => line.message === 'polling' && line.login === 'SASL/PLAIN over TLS (secret ' + SASL_SECRET + ')'))).toBeDefined();
    expect(new Set(secretsManager.requests)).toEqual(new Set([SASL_SECRET, ROOT_CA_SECRET, CLIENT_CERTIFICATE_SECRET]));
    for (const poller of pollers) expect(errorLines(poller)).toEqual([]);
  });

  it('shows a refused password, a missing secret and an untrusted CA as the mapping problem within seconds, naming each, and keeps trying', async () => {
    const { saslSsl } = cluster.authListeners!;
    const ports = await freePorts(19_044, [0, 1, 2]);
    const cases = [
      {
        service: service(saslSsl, { saslPlainAuth: WRONG_PASSWORD_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }, ports[0]),
        problem: `PROBLEM: Kafka refused the SASL/PLAIN over TLS (secret ${WRONG_PASSWORD_SECRET}) login of user "${LOCAL_SCRAM_USER.username}": Authentication failed: Invalid username or password`,
      },
      {
        service: service(saslSsl, { saslScram512Auth: MISSING_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }, ports[1]),
        problem: `PROBLEM: Kafka SASL secret (SCRAM-SHA-512) ${MISSING_SECRET} not found`,
      },
      {
        // No serverRootCaCertificate: the system's CAs, which do not know the local one.
        service: service(saslSsl, { saslPlainAuth: SASL_SECRET }, ports[2]),
        problem: expect.stringMatching(/^PROBLEM: TLS to 127\.0\.0\.1:\d+ failed \(.*\): the broker's certificate is not signed by a CA the poller trusts: name the CA in serverRootCaCertificate/),
      },
    ];

    const pollers = cases.map(({ service: each }) => each.spawn());
    const spawned = Date.now();
    await Promise.all(pollers.map((poller) => waitUntil('the poller logs that the mapping cannot poll', () => errorLines(poller).length > 0, 30_000)));
    // A poller process takes a few seconds to start here; the login itself fails in one.
    expect(Date.now() - spawned).toBeLessThan(20_000);

    for (const [index, { problem }] of cases.entries()) {
      const [line] = errorLines(pollers[index]!);
      expect(line).toMatchObject({ message: 'mapping cannot poll', function: 'consume', topic, lastProcessingResult: problem });
      const [status] = await pollerStatus(ports[index]!);
      expect(status).toMatchObject({ function: 'consume', state: 'Creating', lastProcessingResult: problem, partitions: 'unknown' });
      expect(pollers[index]!.stderr).not.toContain('not-the-password');
      expect(pollers[index]!.exitStatus).toBeUndefined();
    }
    // Each attempt reads the secret afresh, so a fixed one is picked up without a restart.
    await waitUntil('the mapping tries again', () => secretsManager.requests.filter((id) => id === MISSING_SECRET).length >= 2, 15_000);
    await waitUntil('the refused login is tried again', () => secretsManager.requests.filter((id) => id === WRONG_PASSWORD_SECRET).length >= 2, 15_000);
    // One ERROR line per cause, not one per attempt.
    for (const poller of pollers) expect(errorLines(poller)).toHaveLength(1);
  });
});

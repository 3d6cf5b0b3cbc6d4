import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
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

  /** A `kafka` event's service on `bootstrapServers` (its deliveries kept apart), logging in as the event says. */
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

  /**
   * One poller process for the functions of all `services`, named by the keys: a process start
   * costs seconds on 2 cores, a mapping next to nothing. Each function keeps its own events file.
   */
  function onePoller(services: Record<string, PollerService>): PollerService {
    const [first, ...others] = Object.values(services);
    const functions = Object.fromEntries(
      Object.entries(services).map(([name, each]) => [name, (parse(fs.readFileSync(each.configPath, 'utf8')) as { functions: Record<string, unknown> }).functions.consume]),
    );
    const config = parse(fs.readFileSync(first!.configPath, 'utf8')) as Record<string, unknown>;
    // Every service folder is in the same temporary folder, so each handler path holds from the first's.
    expect(others.every((each) => path.dirname(each.dir) === path.dirname(first!.dir))).toBe(true);
    fs.writeFileSync(first!.configPath, stringify({ ...config, functions }));
    return first!;
  }

  function recordsOf(each: PollerService): number {
    return each.deliveries().flatMap((delivery) => Object.values(delivery.event.records).flat()).length;
  }

  it('processes every record on SASL_SSL with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, on SSL with the root CA secret, and on mutual TLS', async () => {
    const { saslSsl, ssl, mutualTls } = cluster.authListeners!;
    const services = {
      plain: service(saslSsl, { saslPlainAuth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
      scram256: service(saslSsl, { saslScram256Auth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
      scram512: service(saslSsl, { saslScram512Auth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
      tls: service(ssl, { serverRootCaCertificate: ROOT_CA_SECRET }),
      mutualTls: service(mutualTls, { clientCertificateTlsAuth: CLIENT_CERTIFICATE_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
    };

    const poller = await onePoller(services).start();

    for (const [name, each] of Object.entries(services)) {
      await waitUntil(`the ${name} mapping delivers every record`, () => recordsOf(each) >= 2 * RECORDS_PER_PARTITION, 60_000);
      expect({ name, offsets: offsetsByPartition(each.deliveries()) }).toEqual({ name, offsets: [range(0, RECORDS_PER_PARTITION), range(0, RECORDS_PER_PARTITION)] });
    }
    const logins = Object.fromEntries(poller.lines.filter((line) => line.message === 'polling').map((line) => [line.function, line.login]));
    expect(logins).toEqual({
      plain: `SASL/PLAIN over TLS (secret ${SASL_SECRET})`,
      scram256: `SASL/SCRAM-SHA-256 over TLS (secret ${SASL_SECRET})`,
      scram512: `SASL/SCRAM-SHA-512 over TLS (secret ${SASL_SECRET})`,
      tls: 'TLS without a login',
      mutualTls: `mutual TLS (secret ${CLIENT_CERTIFICATE_SECRET})`,
    });
    expect(new Set(secretsManager.requests)).toEqual(new Set([SASL_SECRET, ROOT_CA_SECRET, CLIENT_CERTIFICATE_SECRET]));
    expect(errorLines(poller)).toEqual([]);
  });

  it("--kafka-auth replaces an msk event's IAM login with a SCRAM user when your credentials are not the function's role", async () => {
    const { saslSsl, tls } = cluster.authListeners!;
    const each = new PollerService({
      topic,
      // No saslScram512: deployed, the mapping logs in with the function's role (IAM).
      source: 'msk',
      brokers: cluster.bootstrapServers,
      event: { maximumBatchingWindow: 0 },
      cliArgs: ['--kafka-auth', 'scram-sha-512', '--kafka-auth-secret', SASL_SECRET, '--brokers', saslSsl.join(',')],
    });
    // An msk event names no CA: the poller trusts the system's, and those Node is told to add.
    const savedCa = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = tls.caPath;
    let poller;
    try {
      poller = await each.start();
    } finally {
      if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = savedCa;
    }

    await waitUntil('the mapping delivers every record', () => recordsOf(each) >= 2 * RECORDS_PER_PARTITION, 60_000);
    expect(offsetsByPartition(each.deliveries())).toEqual([range(0, RECORDS_PER_PARTITION), range(0, RECORDS_PER_PARTITION)]);
    expect(poller.lines.find((line) => line.message === 'polling')).toMatchObject({ login: `SASL/SCRAM-SHA-512 over TLS (secret ${SASL_SECRET})` });
  });

  it('shows a refused password, a missing secret, an untrusted CA and a host name mismatch as the mapping problem within seconds, naming each, and keeps trying', async () => {
    const { saslSsl } = cluster.authListeners!;
    const [statusPort] = (await freePorts(19_044, [0])) as [number];
    const cases = {
      wrongPassword: {
        service: service(saslSsl, { saslPlainAuth: WRONG_PASSWORD_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }, statusPort),
        secret: WRONG_PASSWORD_SECRET,
        problem: `PROBLEM: Kafka refused the SASL/PLAIN over TLS (secret ${WRONG_PASSWORD_SECRET}) login of user "${LOCAL_SCRAM_USER.username}": Authentication failed: Invalid username or password`,
      },
      missingSecret: {
        service: service(saslSsl, { saslScram512Auth: MISSING_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
        secret: MISSING_SECRET,
        problem: `PROBLEM: Kafka SASL secret (SCRAM-SHA-512) ${MISSING_SECRET} not found`,
      },
      unknownCa: {
        // No serverRootCaCertificate: the system's CAs, which do not know the local one.
        service: service(saslSsl, { saslPlainAuth: SASL_SECRET }),
        secret: SASL_SECRET,
        problem: expect.stringMatching(/^PROBLEM: TLS to 127\.0\.0\.1:\d+ failed \(.*\): the broker's certificate is not signed by a CA the poller trusts: name the CA in serverRootCaCertificate/),
      },
      hostNameMismatch: {
        // The broker's certificate is for 127.0.0.1 only, as an MSK broker's is for its own host name only.
        service: service(saslSsl.map((broker) => broker.replace('127.0.0.1', 'localhost')), { saslPlainAuth: SASL_SECRET, serverRootCaCertificate: ROOT_CA_SECRET }),
        secret: ROOT_CA_SECRET,
        problem: expect.stringMatching(/^PROBLEM: TLS to localhost:\d+ failed \(.*Hostname\/IP does not match certificate's altnames.*\): the broker's certificate is not for the host name connected to/),
      },
    };
    const testStarted = Date.now();
    const firstRead = (secret: string) => secretsManager.requestedAt.find((at, index) => at >= testStarted && secretsManager.requests[index] === secret)!;

    const poller = onePoller(Object.fromEntries(Object.entries(cases).map(([name, { service: each }]) => [name, each]))).spawn();
    await waitUntil('the poller logs that each mapping cannot poll', () => errorLines(poller).length >= 4 && poller.lines.some((line) => line.message === 'status server'), 60_000);

    const statuses = await pollerStatus(statusPort);
    for (const [name, { secret, problem }] of Object.entries(cases)) {
      const line = errorLines(poller).find((each) => each.function === name);
      expect(line).toMatchObject({ message: 'mapping cannot poll', topic, lastProcessingResult: problem });
      // From reading the secret to the ERROR line: the login fails at once, not after kafkajs's retries.
      expect(Date.parse(String(line!.time)) - firstRead(secret)).toBeLessThan(5_000);
      expect(statuses.find((status) => status.function === name)).toMatchObject({ state: 'Creating', lastProcessingResult: problem, partitions: 'unknown' });
    }
    expect(poller.stderr).not.toContain('not-the-password');
    expect(poller.exitStatus).toBeUndefined();
    // Each attempt reads its secrets afresh, so a fixed one is picked up without a restart.
    for (const secret of [MISSING_SECRET, WRONG_PASSWORD_SECRET]) {
      await waitUntil(`${secret} is read again`, () => secretsManager.requests.filter((id, index) => id === secret && secretsManager.requestedAt[index]! >= testStarted).length >= 2, 15_000);
    }
    // One ERROR line per cause, not one per attempt.
    expect(errorLines(poller)).toHaveLength(4);
  });
});

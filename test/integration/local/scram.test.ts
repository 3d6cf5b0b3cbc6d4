import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_SCRAM_USER } from '../../../local/config';
import { kafkaDown, kafkaUp, type KafkaCluster } from '../../../local/kafka/cluster';
import { isAlive } from '../../../local/process';
import { producerConfig } from '../../../shared/config';
import { KAFKA_SETUP_FAILURE_HOLD_MS, kafkaFor } from '../../../shared/kafka-client';
import { KafkaAuthError } from '../../../shared/kafka-connection/kafka-setup-error';
import { KafkaUnavailableError, MessageProducer } from '../../../shared/message-producer';
import type { StoredMessage } from '../../../shared/message-schema';
import { httpEvent } from '../../helpers/http-events';
import { loadIsolated } from '../../helpers/isolated-module';
import { trackedClients, uniqueName } from '../../helpers/kafka';
import { createTopic, readRecords } from '../../helpers/kafka-records';
import { lambdaContext } from '../../helpers/lambda-context';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../../helpers/secrets-manager-stand-in';

type HandlerModule = typeof import('../../../functions/create-message/handler');
type LoggerModule = typeof import('../../../shared/logger');

/** Its own SCRAM cluster on its own ports and state folder, so the shared test broker is untouched. */
const TEST_CLUSTER = { name: 'test-scram', brokers: 1, basePort: 19492, controllerBasePort: 19592, scram: LOCAL_SCRAM_USER };

const secretArn = (name: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:AmazonMSK_${name}-AbCdEf`;
const SECRET = secretArn('local-scram');
const WRONG_PASSWORD_SECRET = secretArn('wrong-password');
const MISSING_SECRET = secretArn('missing');
const refusedLogin = new RegExp(
  `^Kafka SASL/SCRAM-SHA-512 authentication failed for user "${LOCAL_SCRAM_USER.username}" \\(secret ${WRONG_PASSWORD_SECRET}\\): Authentication failed .*invalid credentials`,
);

/**
 * SCRAM end to end on a laptop: the broker's SASL_PLAINTEXT SCRAM-SHA-512 listener, and the
 * functions' own code path (config, `kafkaFor`, the secret read through the Secrets Manager SDK
 * client) against a stand-in for Secrets Manager, so no AWS account is involved.
 */
describe('KAFKA_AUTH_MODE=scram against a local SCRAM listener', () => {
  let cluster: KafkaCluster;
  let secretsManager: SecretsManagerStandIn;
  const awsEnv = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  const savedAwsEnv = awsEnv.map((name) => [name, process.env[name]] as const);
  const handlers: HandlerModule[] = [];
  const producers: MessageProducer[] = [];
  let kafka: ReturnType<typeof trackedClients> | undefined;

  beforeAll(async () => {
    ({ cluster } = await kafkaUp({ ...TEST_CLUSTER, runtime: 'java', brokersFromEnv: false }));
    secretsManager = await startSecretsManagerStandIn({
      [SECRET]: JSON.stringify(LOCAL_SCRAM_USER),
      [WRONG_PASSWORD_SECRET]: JSON.stringify({ username: LOCAL_SCRAM_USER.username, password: 'not-the-password' }),
    });
    // The SDK reads these when its client is made, at the first request: they stay set for the file.
    Object.assign(process.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([...handlers.map(({ producer }) => producer.disconnect()), ...producers.map((producer) => producer.disconnect())]);
    await kafka?.disconnectAll();
    await secretsManager?.close();
    for (const [name, value] of savedAwsEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (cluster) {
      await kafkaDown(TEST_CLUSTER);
      for (const node of cluster.nodes) expect(isAlive(node.pid)).toBe(false);
    }
  }, 60_000);

  function scramEnv(secret: string, topic: string): Record<string, string> {
    return {
      KAFKA_BROKERS: cluster.scram!.bootstrapServers.join(','),
      KAFKA_AUTH_MODE: 'scram',
      // MSK's SCRAM listener is TLS; the local one is SASL_PLAINTEXT.
      KAFKA_TLS: 'false',
      KAFKA_SCRAM_SECRET_ARN: secret,
      MESSAGE_TOPIC: topic,
    };
  }

  // A cold start of the HTTP function, with its logger, whose warn lines the test reads instead of printing.
  function coldStart(env: Record<string, string>) {
    const loaded = loadIsolated(env, () => ({
      ...(require('../../../functions/create-message/handler') as HandlerModule),
      ...(require('../../../shared/logger') as LoggerModule),
    }));
    handlers.push(loaded);
    const warnings = jest.spyOn(loaded.logger, 'warn').mockImplementation(() => undefined);
    jest.spyOn(loaded.logger, 'error').mockImplementation(() => undefined);
    return { handler: loaded.handler, warnings };
  }

  function body(response: APIGatewayProxyStructuredResultV2): unknown {
    return JSON.parse(String(response.body));
  }

  it('runs a SCRAM-SHA-512 listener next to PLAINTEXT, on 127.0.0.1', () => {
    expect(cluster.bootstrapServers).toEqual(['127.0.0.1:19492']);
    expect(cluster.scram).toEqual({ bootstrapServers: ['127.0.0.1:19692'], username: LOCAL_SCRAM_USER.username });
  });

  it('produces through POST /api/v1/messages and consumes through kafkaFor, both logging in with the secret', async () => {
    const topic = uniqueName('scram');
    const env = scramEnv(SECRET, topic);
    kafka = trackedClients(await kafkaFor(producerConfig(env).kafka));
    await createTopic(kafka, topic);
    const { handler } = coldStart(env);

    const response = await handler(httpEvent('single-message'), lambdaContext());

    expect(response.statusCode).toBe(201);
    const stored = body(response) as StoredMessage;
    const [record] = await readRecords(kafka, topic, 1);
    expect(record).toMatchObject({ partition: stored.partition, offset: stored.offset, key: 'user-42', headers: { 'message-id': stored.id } });
    // One read per container: the test's client and the function's, whose producer and admin share it.
    expect(secretsManager.requests.filter((id) => id === SECRET)).toHaveLength(2);
  });

  it('fails a wrong password fast, naming the mode, the user and the secret; holds the failure, then reads the secret again', async () => {
    const config = producerConfig(scramEnv(WRONG_PASSWORD_SECRET, 'message-created')).kafka;
    const producer = new MessageProducer(() => kafkaFor(config), { topic: 'message-created', timeoutMs: 5_000 });
    producers.push(producer);
    const attempt = async (): Promise<{ failure: unknown; tookMs: number; secretReads: number }> => {
      const started = Date.now();
      const failure = await producer.produce([{ text: 'refused' }]).catch((error: unknown) => error);
      return { failure, tookMs: Date.now() - started, secretReads: secretsManager.requests.filter((id) => id === WRONG_PASSWORD_SECRET).length };
    };

    const first = await attempt();
    expect(first.failure).toBeInstanceOf(KafkaUnavailableError);
    const refusal = (first.failure as Error).cause as Error;
    expect(refusal).toBeInstanceOf(KafkaAuthError);
    expect(refusal.message).toMatch(refusedLogin);
    expect(refusal.message).not.toContain('not-the-password');
    expect(first.tookMs).toBeLessThan(2_000);
    expect(first.secretReads).toBe(1);

    // Within the hold the refusal comes back at once, with no call to Secrets Manager (the producer's
    // and the admin's logins may both be refused; either is the one held).
    const held = await attempt();
    expect((held.failure as Error).cause).toMatchObject({ name: 'KafkaAuthError', message: refusal.message });
    expect(held.tookMs).toBeLessThan(500);
    expect(held.secretReads).toBe(1);

    await sleep(KAFKA_SETUP_FAILURE_HOLD_MS);
    const again = await attempt();
    expect((again.failure as Error).cause).toMatchObject({ name: 'KafkaAuthError', message: expect.stringMatching(refusedLogin) });
    expect(again.secretReads).toBe(2);
  });

  it('answers the HTTP request 503 within a second when the login is refused, and logs why', async () => {
    const { handler, warnings } = coldStart(scramEnv(WRONG_PASSWORD_SECRET, 'message-created'));

    const started = Date.now();
    const response = await handler(httpEvent('single-message'), lambdaContext());

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(response).toMatchObject({ statusCode: 503, headers: { 'retry-after': '5' } });
    expect(body(response)).toEqual({ error: 'Kafka is unavailable, retry later', details: [] });
    const [, logged] = warnings.mock.calls.find(([message]) => message === 'Kafka is unavailable, retry later')!;
    expect((logged as { error: Error }).error.cause).toMatchObject({ name: 'KafkaUnavailableError', cause: { name: 'KafkaAuthError', message: expect.stringMatching(refusedLogin) } });
  });

  it('fails with the secret named when Secrets Manager has no such secret', async () => {
    const config = producerConfig(scramEnv(MISSING_SECRET, 'message-created')).kafka;

    await expect(kafkaFor(config)).rejects.toMatchObject({ name: 'KafkaAuthError', message: `Kafka SCRAM secret ${MISSING_SECRET} not found` });
  });
});

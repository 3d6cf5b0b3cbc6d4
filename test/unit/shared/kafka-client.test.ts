import { GetBootstrapBrokersCommand, KafkaClient } from '@aws-sdk/client-kafka';
import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { Kafka, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { producerConfig } from '../../../shared/config';
import { KAFKA_SETUP_FAILURE_HOLD_MS, kafkaFor } from '../../../shared/kafka-client';
import { KafkaAuthError } from '../../../shared/kafka-connection/kafka-setup-error';
import { EVERY_LISTENER, MSK_CLUSTER_ARN, MSK_SCRAM_SECRET_ARN, mskBrokers } from '../../helpers/msk-cluster';

jest.mock('aws-msk-iam-sasl-signer-js', () => ({ generateAuthToken: jest.fn() }));
// kafkajs's client is replaced by one whose producer's connect the test scripts; the rest is real.
jest.mock('kafkajs', () => {
  const actual = jest.requireActual<typeof import('kafkajs')>('kafkajs');
  return { ...actual, Kafka: jest.fn() };
});

const ON_MSK = { MESSAGE_TOPIC: 'message-created', MSK_CLUSTER_ARN };
const SCRAM = { ...ON_MSK, KAFKA_AUTH_MODE: 'scram', KAFKA_SCRAM_SECRET_ARN: MSK_SCRAM_SECRET_ARN };
const SECRET = { SecretString: '{"username":"alice","password":"s3cret"}' };
const SaslFailure = KafkaJSSASLAuthenticationError as unknown as new (message: string) => KafkaJSSASLAuthenticationError;

describe('kafkaFor', () => {
  const msk = mockClient(KafkaClient);
  const secretsManager = mockClient(SecretsManagerClient);
  const KafkaClass = jest.mocked(Kafka);
  const connect = jest.fn(async () => undefined);

  beforeEach(() => {
    msk.on(GetBootstrapBrokersCommand).resolves(EVERY_LISTENER);
    secretsManager.on(GetSecretValueCommand).resolves(SECRET);
    KafkaClass.mockImplementation(() => ({ producer: () => ({ connect }), admin: jest.fn(), consumer: jest.fn() }) as unknown as Kafka);
  });
  afterEach(() => {
    msk.reset();
    secretsManager.reset();
    KafkaClass.mockReset();
    connect.mockReset();
    jest.restoreAllMocks();
  });
  afterAll(() => {
    msk.restore();
    secretsManager.restore();
  });

  const kafkaOptions = () => KafkaClass.mock.calls.map(([options]) => options);

  it.each([
    ['plaintext', {}, { brokers: mskBrokers(9092), ssl: false, sasl: undefined }],
    ['tls', {}, { brokers: mskBrokers(9094), ssl: true, sasl: undefined }],
    ['scram', { KAFKA_SCRAM_SECRET_ARN: MSK_SCRAM_SECRET_ARN }, { brokers: mskBrokers(9096), ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 's3cret' } }],
    ['iam', {}, { brokers: mskBrokers(9098), ssl: true, sasl: { mechanism: 'oauthbearer', authenticationProvider: expect.any(Function) } }],
  ])('connects in mode %s to the brokers of its MSK listener, with its TLS and SASL', async (mode, extra, expected) => {
    await kafkaFor(producerConfig({ ...ON_MSK, KAFKA_AUTH_MODE: mode, ...extra }).kafka);

    expect(kafkaOptions()).toEqual([expect.objectContaining({ clientId: 'messages-notifications', ...expected })]);
  });

  it('uses the listed brokers without asking MSK', async () => {
    await kafkaFor(producerConfig({ MESSAGE_TOPIC: 'message-created', KAFKA_BROKERS: '127.0.0.1:9092' }).kafka);

    expect(kafkaOptions()).toEqual([expect.objectContaining({ brokers: ['127.0.0.1:9092'], ssl: false })]);
    expect(msk.calls()).toHaveLength(0);
  });

  it('builds one client per container: discovery and the secret are fetched once', async () => {
    const config = producerConfig(SCRAM).kafka;

    const [first, second] = await Promise.all([kafkaFor(config), kafkaFor(config)]);
    const third = await kafkaFor(config);

    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(KafkaClass).toHaveBeenCalledTimes(1);
    expect(msk.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(1);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('holds a failure for a moment, then tries afresh: a secret that could not be read is read again once the hold has passed', async () => {
    const config = producerConfig(SCRAM).kafka;
    secretsManager.on(GetSecretValueCommand).rejectsOnce(new ResourceNotFoundException({ message: 'not found', $metadata: {} })).resolves(SECRET);
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);

    await expect(kafkaFor(config)).rejects.toThrow(`Kafka SCRAM secret ${MSK_SCRAM_SECRET_ARN} not found`);
    now.mockReturnValue(1_000_000 + KAFKA_SETUP_FAILURE_HOLD_MS - 1);
    await expect(kafkaFor(config)).rejects.toThrow(`Kafka SCRAM secret ${MSK_SCRAM_SECRET_ARN} not found`);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    now.mockReturnValue(1_000_000 + KAFKA_SETUP_FAILURE_HOLD_MS);
    await expect(kafkaFor(config)).resolves.toBeDefined();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(msk.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(1);
  });

  it('rejects a refused login with the mode, the user and the secret, holds it, then reads the secret again in case it was rotated', async () => {
    const config = producerConfig(SCRAM).kafka;
    connect.mockRejectedValueOnce(new SaslFailure('SASL SCRAM SHA512 authentication failed: Authentication failed due to invalid credentials'));
    const now = jest.spyOn(Date, 'now').mockReturnValue(2_000_000);

    const kafka = await kafkaFor(config);
    const failure = kafka.producer().connect();

    await expect(failure).rejects.toBeInstanceOf(KafkaAuthError);
    await expect(failure).rejects.toThrow(
      `Kafka SASL/SCRAM-SHA-512 authentication failed for user "alice" (secret ${MSK_SCRAM_SECRET_ARN}): Authentication failed due to invalid credentials`,
    );
    await expect(kafkaFor(config)).rejects.toBeInstanceOf(KafkaAuthError);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);

    now.mockReturnValue(2_000_000 + KAFKA_SETUP_FAILURE_HOLD_MS);
    expect(await kafkaFor(config)).not.toBe(kafka);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    // The brokers do not change with the credentials: discovered once.
    expect(msk.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(1);
  });
});

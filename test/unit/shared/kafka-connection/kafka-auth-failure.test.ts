import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
  type Kafka,
} from 'kafkajs';
import { explainAuthFailure, explainingFailures } from '../../../../shared/kafka-connection/kafka-auth-failure';
import { KafkaAuthError } from '../../../../shared/kafka-connection/kafka-setup-error';

// kafkajs's typings leave out these constructors' arguments; at run time they take them.
const SaslFailure = KafkaJSSASLAuthenticationError as unknown as new (message: string) => KafkaJSSASLAuthenticationError;
const NonRetriable = KafkaJSNonRetriableError as unknown as new (error: Error, options: ErrorOptions) => KafkaJSNonRetriableError;
// As kafkajs's retrier gives up on an error it must not retry: wrapped, with the error as its cause.
const gaveUp = (error: Error) => new NonRetriable(error, { cause: error });

const BROKER_REASON = 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512';
const wrongPassword = () => gaveUp(new SaslFailure(`SASL SCRAM SHA512 authentication failed: ${BROKER_REASON}`));
const illegalSaslState = () =>
  new KafkaJSProtocolError(Object.assign(new Error('Request is not valid given the current SASL state'), { type: 'ILLEGAL_SASL_STATE', code: 34 }));

const refused = jest.fn((reason: string, options?: ErrorOptions) => new KafkaAuthError(`refused: ${reason}`, options));

describe('explainAuthFailure', () => {
  afterEach(() => refused.mockClear());

  it("turns kafkajs's refused login, wrapped in its retry error, into the mode's KafkaAuthError with the broker's reason", () => {
    const error = wrongPassword();

    const explained = explainAuthFailure(error, refused);

    expect(explained).toEqual(new KafkaAuthError(`refused: ${BROKER_REASON}`));
    expect((explained as Error).cause).toBeInstanceOf(KafkaJSSASLAuthenticationError);
  });

  it('takes ILLEGAL_SASL_STATE, the sign of a listener of another mode, as a refused login', () => {
    expect(explainAuthFailure(illegalSaslState(), refused)).toEqual(
      new KafkaAuthError('refused: the broker did not take the login (Request is not valid given the current SASL state): these brokers are not the listener of that mechanism'),
    );
  });

  it('hands on a KafkaAuthError raised while logging in, unwrapped', () => {
    const unsigned = new KafkaAuthError('Kafka IAM authentication: could not sign a token in us-east-1: Could not load credentials from any providers');

    expect(explainAuthFailure(gaveUp(unsigned), refused)).toBe(unsigned);
    expect(refused).not.toHaveBeenCalled();
  });

  it('leaves other failures as they are', () => {
    const unreachable = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1'), { retryCount: 5, retryTime: 1600 });

    expect(explainAuthFailure(unreachable, refused)).toBe(unreachable);
  });
});

describe('explainingFailures', () => {
  function fakeKafka() {
    const producer = { connect: jest.fn(async () => Promise.reject(wrongPassword())), send: jest.fn(async () => []), on: jest.fn(() => 'remove listener') };
    const admin = { fetchTopicMetadata: jest.fn(async () => Promise.reject(illegalSaslState())) };
    const kafka = { producer: jest.fn(() => producer), admin: jest.fn(() => admin), consumer: jest.fn(() => ({})) };
    return { kafka: kafka as unknown as Kafka, producer };
  }

  it('explains a failure of any call that returns a promise, on every kind of client', async () => {
    const { kafka } = fakeKafka();
    const explaining = explainingFailures(kafka, (error) => explainAuthFailure(error, refused));

    await expect(explaining.producer().connect()).rejects.toThrow(`refused: ${BROKER_REASON}`);
    await expect(explaining.admin().fetchTopicMetadata()).rejects.toThrow(/^refused: the broker did not take the login/);
  });

  it('passes options, results and calls that return no promise through untouched', async () => {
    const { kafka, producer } = fakeKafka();
    const explaining = explainingFailures(kafka, (error) => error);

    const client = explaining.producer({ idempotent: true });

    expect(kafka.producer).toHaveBeenCalledWith({ idempotent: true });
    await expect(client.send({ topic: 'message-created', messages: [] })).resolves.toEqual([]);
    expect(client.on(client.events?.CONNECT ?? 'producer.connect', () => undefined)).toBe('remove listener');
    expect(producer.on).toHaveBeenCalledTimes(1);
  });
});

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { httpEvent, type HttpFixture } from '../../helpers/http-events';
import { loadIsolated } from '../../helpers/isolated-module';
import { lambdaContext } from '../../helpers/lambda-context';

type HandlerModule = typeof import('../../../functions/create-message/handler');
type MessageProducerModule = typeof import('../../../shared/message-producer');
type KafkaSetupErrorModule = typeof import('../../../shared/kafka-connection/kafka-setup-error');
type LoggerModule = typeof import('../../../shared/logger');

const loadHandler = (env: Record<string, string>) =>
  loadIsolated(env, () => ({
    ...(require('../../../functions/create-message/handler') as HandlerModule),
    ...(require('../../../shared/message-producer') as MessageProducerModule),
    ...(require('../../../shared/kafka-connection/kafka-setup-error') as KafkaSetupErrorModule),
    ...(require('../../../shared/logger') as LoggerModule),
  }));
/** No broker listens here: these requests must be answered without one. */
const env = { KAFKA_BROKERS: '127.0.0.1:1', MESSAGE_TOPIC: 'message-created', POWERTOOLS_LOG_LEVEL: 'SILENT' };

function parsed(response: APIGatewayProxyStructuredResultV2) {
  return { statusCode: response.statusCode, headers: response.headers, body: JSON.parse(String(response.body)) as unknown };
}

describe('createMessage handler, without Kafka', () => {
  const { handler, producer, KafkaUnavailableError, KafkaAuthError, MskBootstrapError, logger } = loadHandler(env);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => producer.disconnect());

  it.each<[HttpFixture, number, string]>([
    ['malformed-json', 400, 'Malformed JSON'],
    ['wrong-types', 400, 'Invalid request body'],
    ['empty-text', 400, 'Invalid request body'],
    ['oversized-text', 400, 'Invalid request body'],
    ['body-300kib', 413, 'Request body too large'],
    ['text-plain', 415, 'Unsupported content type'],
  ])('answers the %s fixture with %i before touching Kafka', async (fixture, statusCode, error) => {
    const produce = jest.spyOn(producer, 'produce');
    const response = parsed(await handler(httpEvent(fixture), lambdaContext()));
    expect(response).toMatchObject({ statusCode, headers: { 'content-type': 'application/json' }, body: { error } });
    expect((response.body as { details: unknown[] }).details.length).toBeGreaterThan(0);
    expect(produce).not.toHaveBeenCalled();
  });

  it.each<[string, () => Error]>([
    ['Kafka did not answer in time', () => new KafkaUnavailableError('Kafka did not answer within 5000 ms')],
    [
      'Kafka refuses the login',
      () =>
        new KafkaUnavailableError('Kafka is unavailable', {
          cause: new KafkaAuthError('Kafka SASL/SCRAM-SHA-512 authentication failed for user "alice" (secret arn:aws:secretsmanager:…): invalid credentials'),
        }),
    ],
    [
      'the cluster has no listener for the mode',
      () =>
        new KafkaUnavailableError('Kafka is unavailable', {
          cause: new MskBootstrapError('Kafka cluster arn:aws:kafka:… has no BootstrapBrokerStringSaslIam for KAFKA_AUTH_MODE iam: enable IAM role-based client authentication on the cluster'),
        }),
    ],
  ])('answers a 503 with Retry-After when %s, and logs why', async (_, failure) => {
    const cause = failure();
    jest.spyOn(producer, 'produce').mockRejectedValue(cause);
    const warn = jest.spyOn(logger, 'warn');

    const response = parsed(await handler(httpEvent('single-message'), lambdaContext()));

    expect(response).toEqual({
      statusCode: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '5' },
      body: { error: 'Kafka is unavailable, retry later', details: [] },
    });
    expect(warn).toHaveBeenCalledWith('Kafka is unavailable, retry later', expect.objectContaining({ error: expect.objectContaining({ cause }) }));
  });

  it('answers anything unexpected with a 500 that reveals nothing', async () => {
    jest.spyOn(producer, 'produce').mockRejectedValue(new KafkaJSNonRetriableError('SASL secret-password rejected by b-1.internal:9096'));
    const response = await handler(httpEvent('single-message'), lambdaContext());
    expect(response).toEqual({ statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"error":"Internal error"}' });
  });

  it('fails the cold start with a readable error when the config is invalid', () => {
    expect(() => loadHandler({ ...env, KAFKA_BROKERS: 'not a broker list' })).toThrow(
      /Invalid configuration:\n {2}KAFKA_BROKERS: must be host:port/,
    );
  });
});

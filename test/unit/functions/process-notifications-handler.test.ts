import { loadIsolated } from '../../helpers/isolated-module';
import { mskEvent, mskRecord } from '../../helpers/msk-events';

type HandlerModule = typeof import('../../../functions/process-notifications/handler');
type KafkaSetupErrorModule = typeof import('../../../shared/kafka-connection/kafka-setup-error');
type LoggerModule = typeof import('../../../shared/logger');

/** No broker or DynamoDB listens here: the dead-letter producer is replaced and the store never reached. */
const env = {
  KAFKA_BROKERS: '127.0.0.1:1',
  DEAD_LETTER_TOPIC: 'message-created-dlq',
  NOTIFICATIONS_TABLE: 'notifications',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

describe('processNotifications handler, when Kafka refuses its login', () => {
  const { handler, deadLetters, store, KafkaAuthError, logger } = loadIsolated(env, () => ({
    ...(require('../../../functions/process-notifications/handler') as HandlerModule),
    ...(require('../../../shared/kafka-connection/kafka-setup-error') as KafkaSetupErrorModule),
    ...(require('../../../shared/logger') as LoggerModule),
  }));
  afterAll(() => store.close());

  it('throws, so the event source retries the batch, and logs why', async () => {
    const refused = new KafkaAuthError('Kafka IAM authentication failed in eu-west-1: the broker refused the token: {"status":"invalid_token"}');
    jest.spyOn(deadLetters, 'send').mockRejectedValue(refused);
    const error = jest.spyOn(logger, 'error');

    await expect(handler(mskEvent([mskRecord({ offset: 0, value: 'not json' })]))).rejects.toBe(refused);
    expect(error).toHaveBeenCalledWith('Batch failed, it will be retried', expect.objectContaining({ error: refused }));
  });
});

describe('processNotifications handler, at init', () => {
  it('leaves kafkajs unloaded: only a batch with a poison record needs its dead-letter producer', () => {
    let kafkajsLoaded = false;
    const { store } = loadIsolated(env, () => {
      for (const kafkajsModule of ['kafkajs', 'kafkajs/src/network/requestQueue/index.js']) {
        jest.doMock(kafkajsModule, () => {
          kafkajsLoaded = true;
          return jest.requireActual(kafkajsModule);
        });
      }
      return require('../../../functions/process-notifications/handler') as HandlerModule;
    });
    store.close();
    expect(kafkajsLoaded).toBe(false);
  });
});

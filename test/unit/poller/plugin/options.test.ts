import { PluginOptionsError, readPluginOptions } from '../../../../local/poller/plugin/options';

const context = { env: {}, kafkaFunctions: ['processNotifications', 'audit'] };

describe('custom.serverless-offline-kafka', () => {
  it('fills in the defaults: KAFKA_BROKERS, else the local broker; status on 3004; lag every 30 s; account 000000000000; reload on save; no inspector', () => {
    expect(readPluginOptions(undefined, context)).toEqual({
      enabled: true,
      brokers: ['127.0.0.1:9092'],
      statusPort: 3004,
      exclude: [],
      lagIntervalSeconds: 30,
      accountId: '000000000000',
      reload: true,
      deadLetterTopics: [],
      auth: { choice: 'none' },
      mskBootstrap: false,
    });
    expect(readPluginOptions({}, { ...context, env: { KAFKA_BROKERS: 'b1:9092,b2:9092' } }).brokers).toEqual(['b1:9092', 'b2:9092']);
  });

  it('takes what ${env:...} and --param give as text', () => {
    expect(readPluginOptions({ enabled: 'false', brokers: 'a:1, b:2', statusPort: '0', lagIntervalSeconds: '0', retryBaseMs: '20', accountId: 123456789012, reload: 'false', inspect: '9230' }, context)).toEqual({
      enabled: false,
      brokers: ['a:1', 'b:2'],
      statusPort: 0,
      exclude: [],
      lagIntervalSeconds: 0,
      retryBaseMs: 20,
      accountId: '123456789012',
      reload: false,
      inspectPort: 9230,
      deadLetterTopics: [],
      auth: { choice: 'none' },
      mskBootstrap: false,
    });
  });

  it('names the dead-letter topics the console shows', () => {
    expect(readPluginOptions({ deadLetterTopics: ['message-created-dlq'] }, context).deadLetterTopics).toEqual(['message-created-dlq']);
    expect(() => readPluginOptions({ deadLetterTopics: 'message-created-dlq' }, context)).toThrow(
      'custom.serverless-offline-kafka.deadLetterTopics: must be a list of topic names, not "message-created-dlq"',
    );
  });

  it('auth: event or a mechanism, with the secret of its username and password; mskBootstrap', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:me';
    expect(readPluginOptions({ auth: 'event', mskBootstrap: 'true' }, context)).toMatchObject({ auth: { choice: 'event' }, mskBootstrap: true });
    expect(readPluginOptions({ auth: 'scram-sha-512', authSecret: secretArn }, context).auth).toEqual({ choice: 'scram-sha-512', secretArn });
  });

  it.each([
    [true, 9229],
    ['true', 9229],
    [9333, 9333],
    [false, undefined],
  ])('inspect: %j opens the inspector on port %j', (inspect, port) => {
    expect(readPluginOptions({ inspect }, context).inspectPort).toBe(port);
  });

  it.each([
    [{ statusPort: 'abc' }, 'custom.serverless-offline-kafka.statusPort: must be a port number 0..65535 (0 turns the status server off), not "abc"'],
    [{ statusPort: 70000 }, 'custom.serverless-offline-kafka.statusPort: must be a port number 0..65535 (0 turns the status server off), not 70000'],
    [{ brokers: ['localhost'] }, 'custom.serverless-offline-kafka.brokers: must be host:port brokers, as a list or a comma-separated string, not ["localhost"]'],
    [{ exclude: ['procesNotifications'] }, 'custom.serverless-offline-kafka.exclude: no function "procesNotifications" with an msk or kafka event (those are: processNotifications, audit)'],
    [{ accountId: '1234' }, 'custom.serverless-offline-kafka.accountId: must be a 12-digit AWS account id, not "1234"'],
    [{ retryBaseMs: 0 }, 'custom.serverless-offline-kafka.retryBaseMs: must be a whole number of milliseconds 1..30000, not 0'],
    [{ enabled: 'yes' }, 'custom.serverless-offline-kafka.enabled: must be true or false, not "yes"'],
    [{ reload: 'no' }, 'custom.serverless-offline-kafka.reload: must be true or false, not "no"'],
    [{ inspect: '0.0.0.0:9229' }, 'custom.serverless-offline-kafka.inspect: must be true (port 9229), false, or a port number 0..65535, not "0.0.0.0:9229"'],
    [{ auth: 'scram' }, 'custom.serverless-offline-kafka.auth: must be one of event, none, iam, plain, scram-sha-256, scram-sha-512, not "scram"'],
    [{ auth: 'iam', authSecret: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:me' }, 'custom.serverless-offline-kafka.authSecret: gives a SASL username and password, so the auth must be one of plain, scram-sha-256, scram-sha-512, not iam'],
    [{ auth: 'plain', authSecret: 'my-secret' }, 'custom.serverless-offline-kafka.authSecret: must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), not "my-secret"'],
    [{ mskBootstrap: 'yes' }, 'custom.serverless-offline-kafka.mskBootstrap: must be true or false, not "yes"'],
    [{ statusport: 3004 }, 'custom.serverless-offline-kafka.statusport: unknown option; serverless-offline-kafka takes enabled, brokers, statusPort, exclude, lagIntervalSeconds, retryBaseMs, accountId, reload, inspect, deadLetterTopics, auth, authSecret, mskBootstrap'],
    ['on', 'custom.serverless-offline-kafka: must be an object with any of enabled, brokers, statusPort, exclude, lagIntervalSeconds, retryBaseMs, accountId, reload, inspect, deadLetterTopics, auth, authSecret, mskBootstrap, not "on"'],
  ])('refuses %j, naming the option', (block, message) => {
    expect(() => readPluginOptions(block, context)).toThrow(new PluginOptionsError([message]));
  });

  it('names every problem at once', () => {
    expect(() => readPluginOptions({ statusPort: -1, lagIntervalSeconds: 'often' }, context)).toThrow(/^2 invalid options:\n {2}- .*statusPort.*\n {2}- .*lagIntervalSeconds/);
  });
});

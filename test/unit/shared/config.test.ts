import { ConfigError, consumerConfig, producerConfig } from '../../../shared/config';
import { MSK_CLUSTER_ARN, MSK_SCRAM_SECRET_ARN } from '../../helpers/msk-cluster';

const LOCAL = { MESSAGE_TOPIC: 'message-created', KAFKA_BROKERS: '127.0.0.1:9092' };
const ON_MSK = { MESSAGE_TOPIC: 'message-created', MSK_CLUSTER_ARN };

function problems(env: Record<string, string>): string[] {
  try {
    producerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message.split('\n').slice(1).map((line) => line.trim());
  }
  throw new Error('expected the configuration to be refused');
}

describe('producerConfig: how the functions reach Kafka', () => {
  const cluster = { source: 'msk', cluster: { arn: MSK_CLUSTER_ARN, region: 'eu-west-1' } };
  const listed = { source: 'listed', brokers: ['127.0.0.1:9092'] };
  const secret = { arn: MSK_SCRAM_SECRET_ARN, region: 'eu-west-1' };

  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    ['plaintext to listed brokers by default', LOCAL, { bootstrap: listed, auth: { mode: 'plaintext', tls: false } }],
    ['tls, encrypted', { ...ON_MSK, KAFKA_AUTH_MODE: 'tls' }, { bootstrap: cluster, auth: { mode: 'tls', tls: true } }],
    [
      'scram over TLS, as on MSK',
      { ...ON_MSK, KAFKA_AUTH_MODE: 'scram', KAFKA_SCRAM_SECRET_ARN: MSK_SCRAM_SECRET_ARN },
      { bootstrap: cluster, auth: { mode: 'scram', tls: true, secret } },
    ],
    [
      'scram without TLS, as on the local SASL_PLAINTEXT listener',
      { ...LOCAL, KAFKA_AUTH_MODE: 'scram', KAFKA_TLS: 'false', KAFKA_SCRAM_SECRET_ARN: MSK_SCRAM_SECRET_ARN },
      { bootstrap: listed, auth: { mode: 'scram', tls: false, secret } },
    ],
    ['iam, its region from the cluster ARN', { ...ON_MSK, KAFKA_AUTH_MODE: 'iam', AWS_REGION: 'us-east-1' }, { bootstrap: cluster, auth: { mode: 'iam', tls: true, region: 'eu-west-1' } }],
    ['iam to listed brokers, signed for AWS_REGION', { ...LOCAL, KAFKA_AUTH_MODE: 'iam', AWS_REGION: 'eu-west-1' }, { bootstrap: listed, auth: { mode: 'iam', tls: true, region: 'eu-west-1' } }],
    ['plaintext over TLS when asked', { ...LOCAL, KAFKA_TLS: 'true' }, { bootstrap: listed, auth: { mode: 'plaintext', tls: true } }],
    ['the mode in any case', { ...ON_MSK, KAFKA_AUTH_MODE: ' IAM ' }, { bootstrap: cluster, auth: { mode: 'iam', tls: true, region: 'eu-west-1' } }],
    [
      'empty variables as not set, since serverless.yml can only set them empty',
      { ...ON_MSK, KAFKA_BROKERS: '', KAFKA_AUTH_MODE: '', KAFKA_TLS: '', KAFKA_SCRAM_SECRET_ARN: ' ', AWS_REGION: '' },
      { bootstrap: cluster, auth: { mode: 'plaintext', tls: false } },
    ],
  ])('reads %s', (_, env, expected) => {
    expect(producerConfig(env)).toEqual({ kafka: { clientId: 'messages-notifications', ...expected }, MESSAGE_TOPIC: 'message-created', PRODUCE_TIMEOUT_MS: 5_000 });
  });

  it.each<[string, Record<string, string>, string[]]>([
    [
      'neither brokers nor a cluster',
      { MESSAGE_TOPIC: 'message-created' },
      ['KAFKA_BROKERS: is not set, nor is MSK_CLUSTER_ARN: set exactly one of them (a host:port list, or the MSK cluster to discover the brokers of)'],
    ],
    ['both brokers and a cluster', { ...LOCAL, MSK_CLUSTER_ARN }, ['MSK_CLUSTER_ARN: is set, and so is KAFKA_BROKERS: set exactly one of them']],
    [
      'an unknown mode and a TLS flag that is not a boolean',
      { ...LOCAL, KAFKA_AUTH_MODE: 'kerberos', KAFKA_TLS: 'yes' },
      ['KAFKA_AUTH_MODE: must be one of plaintext, tls, scram, iam', 'KAFKA_TLS: must be true or false'],
    ],
    [
      'scram without its secret',
      { ...ON_MSK, KAFKA_AUTH_MODE: 'scram' },
      ['KAFKA_SCRAM_SECRET_ARN: is not set: KAFKA_AUTH_MODE scram reads its username and password from this AmazonMSK_ secret'],
    ],
    [
      'a secret MSK would not accept, left without KAFKA_AUTH_MODE=scram',
      { ...LOCAL, KAFKA_SCRAM_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:kafka-AbCdEf' },
      [
        'KAFKA_SCRAM_SECRET_ARN: must be the ARN of a Secrets Manager secret whose name starts with AmazonMSK_, as MSK requires',
        'KAFKA_SCRAM_SECRET_ARN: is set, but KAFKA_AUTH_MODE is plaintext: set KAFKA_AUTH_MODE=scram to use it',
      ],
    ],
    [
      'iam with listed brokers and no region to sign for',
      { ...LOCAL, KAFKA_AUTH_MODE: 'iam' },
      ['AWS_REGION: is not set: KAFKA_AUTH_MODE iam signs its token for the region of the cluster (or set MSK_CLUSTER_ARN)'],
    ],
    [
      'a cluster named by something else than its ARN',
      { MESSAGE_TOPIC: 'message-created', MSK_CLUSTER_ARN: 'messages' },
      ['MSK_CLUSTER_ARN: must be an MSK cluster ARN, arn:aws:kafka:<region>:<account>:cluster/<name>/<id>'],
    ],
  ])('refuses %s, naming every variable at fault', (_, env, expected) => {
    expect(problems(env)).toEqual(expected);
  });

  it('reports Kafka problems together with the others', () => {
    expect(problems({ KAFKA_AUTH_MODE: 'scram', PRODUCE_TIMEOUT_MS: '5' })).toEqual([
      'MESSAGE_TOPIC: is not set',
      'PRODUCE_TIMEOUT_MS: Too small: expected number to be >=100',
      'KAFKA_BROKERS: is not set, nor is MSK_CLUSTER_ARN: set exactly one of them (a host:port list, or the MSK cluster to discover the brokers of)',
      'KAFKA_SCRAM_SECRET_ARN: is not set: KAFKA_AUTH_MODE scram reads its username and password from this AmazonMSK_ secret',
    ]);
  });
});

describe('consumerConfig', () => {
  it('reads the same Kafka connection as the producer', () => {
    const env = { ...ON_MSK, KAFKA_AUTH_MODE: 'iam', DEAD_LETTER_TOPIC: 'message-created-dlq', NOTIFICATIONS_TABLE: 'notifications' };
    expect(consumerConfig(env)).toEqual({
      kafka: producerConfig(env).kafka,
      DEAD_LETTER_TOPIC: 'message-created-dlq',
      NOTIFICATIONS_TABLE: 'notifications',
      DYNAMODB_ENDPOINT: undefined,
      PRODUCE_TIMEOUT_MS: 5_000,
    });
  });
});

import { EsmSettingsError, resolveEsmSettings } from '../../../../local/poller/settings/esm-settings';
import type { EsmSettingsInput } from '../../../../local/poller/settings/esm-settings';

const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/dev/00000000-0000-0000-0000-000000000000-1';
const secret = (name: string) => `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}`;

function resolve(source: 'msk' | 'kafka', event: Record<string, unknown>) {
  const input: EsmSettingsInput = { service: 's', stage: 'local', functionName: 'fn', source, event, eventPath: `functions.fn.events[0].${source}` };
  return resolveEsmSettings(input);
}

function problemsOf(source: 'msk' | 'kafka', event: Record<string, unknown>): readonly string[] {
  try {
    resolve(source, event);
  } catch (error) {
    if (error instanceof EsmSettingsError) return error.failures.flatMap((failure) => failure.problems);
    throw error;
  }
  throw new Error('expected an EsmSettingsError');
}

const kafkaEvent = (accessConfigurations: Record<string, unknown>) => ({ bootstrapServers: ['b-1:9096'], topic: 'orders', accessConfigurations });

/**
 * The login each event deploys, as the Framework writes SourceAccessConfigurations and as AWS's
 * guide says Lambda connects (https://docs.aws.amazon.com/lambda/latest/dg/kafka-cluster-auth.html:
 * SASL over TLS only; with-msk: IAM with the function's role unless a SCRAM secret is set).
 */
describe('the login of an event', () => {
  it.each<[string, 'msk' | 'kafka', Record<string, unknown>, unknown]>([
    ['msk without saslScram512: IAM over TLS', 'msk', { arn: CLUSTER_ARN, topic: 'orders' }, { login: { kind: 'iam' }, tls: true }],
    ['msk with saslScram512 null (serverless.yml ${param:..., null})', 'msk', { arn: CLUSTER_ARN, topic: 'orders', saslScram512: null }, { login: { kind: 'iam' }, tls: true }],
    [
      'msk with saslScram512: SCRAM-SHA-512 over TLS',
      'msk',
      { arn: CLUSTER_ARN, topic: 'orders', saslScram512: secret('AmazonMSK_dev') },
      { login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn: secret('AmazonMSK_dev') }, tls: true },
    ],
    ['kafka saslPlainAuth: PLAIN over TLS', 'kafka', kafkaEvent({ saslPlainAuth: secret('plain') }), { login: { kind: 'sasl', mechanism: 'plain', secretArn: secret('plain') }, tls: true }],
    [
      'kafka saslScram256Auth as a list, with a root CA',
      'kafka',
      kafkaEvent({ saslScram256Auth: [secret('scram')], serverRootCaCertificate: secret('ca'), vpcSubnet: ['subnet-1'] }),
      { login: { kind: 'sasl', mechanism: 'scram-sha-256', secretArn: secret('scram') }, tls: true, serverRootCaSecretArn: secret('ca') },
    ],
    [
      'kafka clientCertificateTlsAuth: mutual TLS',
      'kafka',
      kafkaEvent({ clientCertificateTlsAuth: secret('cert') }),
      { login: { kind: 'client-certificate', secretArn: secret('cert') }, tls: true },
    ],
    ['kafka serverRootCaCertificate alone: TLS, no login', 'kafka', kafkaEvent({ serverRootCaCertificate: secret('ca') }), { login: { kind: 'none' }, tls: true, serverRootCaSecretArn: secret('ca') }],
    ['kafka with VPC settings only: plaintext, no login', 'kafka', kafkaEvent({ vpcSubnet: ['subnet-1'], vpcSecurityGroup: 'sg-1' }), { login: { kind: 'none' }, tls: false }],
  ])('%s', (_name, source, event, auth) => {
    expect(resolve(source, event).auth).toEqual(auth);
  });

  it('refuses two logins, an unknown access configuration and a secret that is not a string, naming each', () => {
    expect(problemsOf('kafka', kafkaEvent({ saslPlainAuth: secret('a'), clientCertificateTlsAuth: secret('b'), saslScram1024Auth: secret('c') }))).toEqual([
      expect.stringMatching(/^functions\.fn\.events\[0\]\.kafka\.accessConfigurations\.saslScram1024Auth: unknown access configuration/),
      'functions.fn.events[0].kafka.accessConfigurations: takes one login: saslPlainAuth, saslScram256Auth, saslScram512Auth or clientCertificateTlsAuth',
    ]);
    expect(problemsOf('msk', { arn: CLUSTER_ARN, topic: 'orders', saslScram512: 42 })).toEqual(['functions.fn.events[0].msk.saslScram512: must be the ARN of the AmazonMSK_ secret']);
  });

  it('keeps a CloudFormation function for a secret, so a deploy goes through; only a connection that needs it refuses it', () => {
    expect(resolve('kafka', kafkaEvent({ saslScram512Auth: { Ref: 'KafkaSecret' } })).auth).toEqual({
      login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn: '{"Ref":"KafkaSecret"}' },
      tls: true,
    });
  });
});

import type { Mechanism, SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import { awsArnOf, fetchScramCredentials, iamTokenProvider, KafkaAuthError, oauthBearerLogin, readSecretJson, type AwsArn, type LoginRefused } from '../../../shared/kafka-connection';
import { describeLogin, type MappingAuth } from './mapping-auth';

/** kafkajs's `ssl` and `sasl` for one mapping's login, and how to word the broker's refusal of it. */
export interface ClientLogin {
  ssl: boolean | ConnectionOptions;
  sasl?: SASLOptions | Mechanism;
  refused: LoginRefused;
}

// The shapes Lambda reads: https://docs.aws.amazon.com/lambda/latest/dg/kafka-cluster-auth.html
const clientCertificateSecret = z.object({ certificate: z.string().min(1), privateKey: z.string().min(1), privateKeyPassword: z.string().optional() });
const rootCaSecret = z.object({ certificate: z.string().min(1) });

function secretArn(arn: string, label: string): AwsArn {
  if (arn.startsWith('{')) {
    throw new KafkaAuthError(`${label} ${arn} is a CloudFormation function, which cannot be resolved locally: name the secret by its ARN (\${param:...} or \${ssm:...} can give it)`);
  }
  const parsed = awsArnOf(arn);
  if (!parsed) throw new KafkaAuthError(`${label} ${arn} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`);
  return parsed;
}

async function secretOfShape<T>(arn: string, label: string, shape: z.ZodType<T>, expected: string): Promise<T> {
  const parsed = shape.safeParse(await readSecretJson(secretArn(arn, label), label));
  if (!parsed.success) throw new KafkaAuthError(`${label} ${arn} is not the JSON Lambda expects: ${expected}`);
  return parsed.data;
}

async function tlsOptions(auth: MappingAuth): Promise<boolean | ConnectionOptions> {
  if (!auth.tls) return false;
  const options: ConnectionOptions = {};
  if (auth.serverRootCaSecretArn) {
    const label = 'Kafka root CA secret (serverRootCaCertificate)';
    ({ certificate: options.ca } = await secretOfShape(auth.serverRootCaSecretArn, label, rootCaSecret, '{"certificate": "-----BEGIN CERTIFICATE-----..."}'));
  }
  if (auth.login.kind === 'client-certificate') {
    const label = 'Kafka client certificate secret (clientCertificateTlsAuth)';
    const expected = '{"certificate": "<client certificate, then its chain, PEM>", "privateKey": "<PKCS#8 PEM>", "privateKeyPassword": "<if encrypted>"}';
    const secret = await secretOfShape(auth.login.secretArn, label, clientCertificateSecret, expected);
    Object.assign(options, { cert: secret.certificate, key: secret.privateKey, ...(secret.privateKeyPassword && { passphrase: secret.privateKeyPassword }) });
  }
  return Object.keys(options).length > 0 ? options : true;
}

/**
 * Reads what the mapping's login needs from Secrets Manager (the developer's credentials, each
 * secret in the region of its ARN, or AWS_ENDPOINT_URL_SECRETS_MANAGER) and turns it into kafkajs
 * options. IAM tokens are signed for `iamRegion` (the cluster's) with the developer's credentials.
 * Errors name the secret and never carry its value.
 */
export async function clientLogin(auth: MappingAuth, iamRegion: string | undefined): Promise<ClientLogin> {
  const ssl = await tlsOptions(auth);
  const { login } = auth;
  const refusedAs =
    (who: string): LoginRefused =>
    (reason, options) =>
      new KafkaAuthError(`Kafka refused the ${describeLogin(auth)} login${who}: ${reason}`, options);
  switch (login.kind) {
    case 'none':
    case 'client-certificate':
      return { ssl, refused: (reason, options) => new KafkaAuthError(`Kafka refused the connection (${describeLogin(auth)}): ${reason}`, options) };
    case 'iam': {
      if (!iamRegion) throw new KafkaAuthError('Kafka IAM login: no region to sign the token for: set AWS_REGION (an msk event signs for its cluster\'s region)');
      const refused = refusedAs(` in ${iamRegion} (your AWS credentials need kafka-cluster:Connect on the cluster)`);
      return { ssl, sasl: oauthBearerLogin(iamTokenProvider(iamRegion), refused), refused };
    }
    case 'sasl': {
      const label = `Kafka SASL secret (${login.mechanism.toUpperCase()})`;
      const { username, password } = await fetchScramCredentials(secretArn(login.secretArn, label), label);
      return { ssl, sasl: { mechanism: login.mechanism, username, password } as SASLOptions, refused: refusedAs(` of user "${username}"`) };
    }
  }
}

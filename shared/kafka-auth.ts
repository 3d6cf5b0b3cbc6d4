import type { Mechanism, SASLOptions } from 'kafkajs';
import { regionOfArn } from './aws-arn';
import { ConfigError, type KafkaConnectionConfig } from './config';
import { iamTokenProvider } from './iam-token';
import { KafkaAuthError } from './kafka-setup-error';
import { oauthBearerLogin } from './oauthbearer-login';
import { fetchScramCredentials } from './scram-credentials';

export type KafkaAuthConfig = Pick<KafkaConnectionConfig, 'KAFKA_AUTH_MODE' | 'KAFKA_TLS' | 'KAFKA_SCRAM_SECRET_ARN' | 'MSK_CLUSTER_ARN' | 'AWS_REGION'>;

/** kafkajs's `ssl` and `sasl` for one mode, and how to tell a refused login in that mode's terms. */
export interface KafkaAuth {
  ssl: boolean;
  sasl?: SASLOptions | Mechanism;
  /** The broker's reason for refusing the login, as an error naming the mode and who tried to log in. */
  refused(reason: string, options?: ErrorOptions): KafkaAuthError;
}

/**
 * How to log in for KAFKA_AUTH_MODE: nothing for plaintext and tls (MSK's unauthenticated
 * listeners), the cluster's SCRAM secret for scram, an IAM token signed with the function's role
 * for iam (SASL/OAUTHBEARER). The secret is read here, so a missing or malformed one fails before
 * any broker is contacted.
 */
export async function kafkaAuthFor(config: KafkaAuthConfig): Promise<KafkaAuth> {
  const ssl = config.KAFKA_TLS;
  const mode = config.KAFKA_AUTH_MODE;
  switch (mode) {
    case 'plaintext':
    case 'tls':
      return { ssl, refused: (reason, options) => new KafkaAuthError(`Kafka refused the connection (KAFKA_AUTH_MODE ${mode}): ${reason}`, options) };
    case 'scram': {
      const secretArn = config.KAFKA_SCRAM_SECRET_ARN;
      if (!secretArn) throw new ConfigError('Invalid configuration:\n  KAFKA_SCRAM_SECRET_ARN: is not set');
      const { username, password } = await fetchScramCredentials(secretArn);
      return {
        ssl,
        sasl: { mechanism: 'scram-sha-512', username, password },
        refused: (reason, options) =>
          new KafkaAuthError(`Kafka SASL/SCRAM-SHA-512 authentication failed for user "${username}" (secret ${secretArn}): ${reason}`, options),
      };
    }
    case 'iam': {
      const region = iamRegion(config);
      const refused: KafkaAuth['refused'] = (reason, options) =>
        new KafkaAuthError(`Kafka IAM authentication failed in ${region}: ${reason} (the function's role needs kafka-cluster:Connect on the cluster)`, options);
      return { ssl, sasl: oauthBearerLogin(iamTokenProvider(region), refused), refused };
    }
  }
}

// The token is signed for the cluster's region: the one in its ARN, else the function's own.
function iamRegion(config: KafkaAuthConfig): string {
  const region = config.MSK_CLUSTER_ARN ? regionOfArn(config.MSK_CLUSTER_ARN) : config.AWS_REGION;
  if (!region) throw new ConfigError('Invalid configuration:\n  AWS_REGION: is not set');
  return region;
}

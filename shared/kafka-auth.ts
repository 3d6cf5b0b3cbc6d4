import type { Mechanism, SASLOptions } from 'kafkajs';
import type { KafkaAuthConfig } from './config';
import { iamTokenProvider } from './kafka-connection/iam-token';
import type { LoginRefused } from './kafka-connection/kafka-auth-failure';
import { KafkaAuthError } from './kafka-connection/kafka-setup-error';
import { oauthBearerLogin } from './kafka-connection/oauthbearer-login';
import { fetchScramCredentials } from './kafka-connection/scram-credentials';

/** kafkajs's `sasl` for one mode, and how to tell a refused login in that mode's terms. */
export interface KafkaAuth {
  sasl?: SASLOptions | Mechanism;
  /** The broker's reason for refusing the login, as an error naming the mode and who tried to log in. */
  refused: LoginRefused;
}

/**
 * How to log in for KAFKA_AUTH_MODE: nothing for plaintext and tls (MSK's unauthenticated
 * listeners), the cluster's SCRAM secret for scram, an IAM token signed with the function's role
 * for iam (SASL/OAUTHBEARER). The secret is read here, so a missing or malformed one fails before
 * any broker is contacted.
 */
export async function kafkaAuthFor(auth: KafkaAuthConfig): Promise<KafkaAuth> {
  switch (auth.mode) {
    case 'plaintext':
    case 'tls':
      return { refused: (reason, options) => new KafkaAuthError(`Kafka refused the connection (KAFKA_AUTH_MODE ${auth.mode}): ${reason}`, options) };
    case 'scram': {
      const { username, password } = await fetchScramCredentials(auth.secret);
      return {
        sasl: { mechanism: 'scram-sha-512', username, password },
        refused: (reason, options) =>
          new KafkaAuthError(`Kafka SASL/SCRAM-SHA-512 authentication failed for user "${username}" (secret ${auth.secret.arn}): ${reason}`, options),
      };
    }
    case 'iam': {
      const refused: KafkaAuth['refused'] = (reason, options) =>
        new KafkaAuthError(`Kafka IAM authentication failed in ${auth.region}: ${reason} (the function's role needs kafka-cluster:Connect on the cluster)`, options);
      return { sasl: oauthBearerLogin(iamTokenProvider(auth.region), refused), refused };
    }
  }
}

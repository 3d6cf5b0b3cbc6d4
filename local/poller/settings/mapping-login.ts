// How a mapping logs in, as its event deploys it: the settings read it, the connection logs in with it.
/** The SASL mechanisms Lambda logs in to Kafka with, by username and password from a secret. */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** How a mapping logs in: its `SourceAccessConfigurations` as the Framework deploys them. */
export type MappingLogin =
  | { kind: 'none' }
  /** MSK IAM (SASL/OAUTHBEARER), signed with the function's role on AWS, the developer's credentials here. */
  | { kind: 'iam' }
  | { kind: 'sasl'; mechanism: SaslMechanism; secretArn: string }
  /** CLIENT_CERTIFICATE_TLS_AUTH: a secret holding `certificate` (the chain) and `privateKey`, PEM. */
  | { kind: 'client-certificate'; secretArn: string };

export interface MappingAuth {
  login: MappingLogin;
  /** Every login Lambda supports runs over TLS; a self-managed cluster with no login is reached in plaintext. */
  tls: boolean;
  /** SERVER_ROOT_CA_CERTIFICATE: a secret whose `certificate` is the CA to trust instead of the system's. */
  serverRootCaSecretArn?: string;
}

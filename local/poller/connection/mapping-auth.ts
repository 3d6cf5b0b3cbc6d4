import { PollerError } from '../errors';
import { SASL_MECHANISMS, type MappingAuth } from '../settings/mapping-login';

export { SASL_MECHANISMS, type MappingAuth, type MappingLogin, type SaslMechanism } from '../settings/mapping-login';

/** No login, no TLS: the open local broker. */
export const OPEN_BROKER: MappingAuth = { login: { kind: 'none' }, tls: false };

/**
 * What `--kafka-auth` may say: `event` (log in as the event deploys it), `none` (the open local
 * broker, the default), or a mechanism that replaces the event's, for when the developer's
 * credentials are not the function's (a SCRAM user instead of the function's IAM role, say).
 */
export const AUTH_CHOICES = ['event', 'none', 'iam', ...SASL_MECHANISMS] as const;
export type AuthChoice = (typeof AUTH_CHOICES)[number];

export interface AuthOverride {
  choice: AuthChoice;
  /** The username and password for a SASL `choice`, instead of the event's secret. */
  secretArn?: string;
}

/**
 * The login a mapping uses locally: the event's, none, or the chosen mechanism over the event's
 * TLS settings (TLS stays on: every cluster that takes these logins encrypts). A SASL choice takes
 * its credentials from `secretArn`, else the event's SASL secret.
 */
export function chosenAuth(event: MappingAuth, override: AuthOverride, mapping: string): MappingAuth {
  const { choice } = override;
  if (choice === 'event') return event;
  if (choice === 'none') return OPEN_BROKER;
  const base = { tls: true, ...(event.serverRootCaSecretArn && { serverRootCaSecretArn: event.serverRootCaSecretArn }) };
  if (choice === 'iam') return { ...base, login: { kind: 'iam' } };
  const secretArn = override.secretArn ?? (event.login.kind === 'sasl' ? event.login.secretArn : undefined);
  if (!secretArn) {
    throw new PollerError(`--kafka-auth ${choice} needs a username and password, and ${mapping} names no SASL secret: give one with --kafka-auth-secret <secret ARN>`);
  }
  return { ...base, login: { kind: 'sasl', mechanism: choice, secretArn } };
}

/** The login in a few words, for logs and problems: "SASL/SCRAM-SHA-512 (secret arn:...)". */
export function describeLogin(auth: MappingAuth): string {
  const { login } = auth;
  const tls = auth.tls ? ' over TLS' : '';
  switch (login.kind) {
    case 'none':
      return auth.tls ? 'TLS without a login' : 'no login, no TLS';
    case 'iam':
      return `IAM (SASL/OAUTHBEARER)${tls}`;
    case 'sasl':
      return `SASL/${login.mechanism.toUpperCase()}${tls} (secret ${login.secretArn})`;
    case 'client-certificate':
      return `mutual TLS (secret ${login.secretArn})`;
  }
}

/** `--kafka-auth` and `--kafka-auth-secret` (or the plugin's `auth` and `authSecret`), checked once for both. */
export function readAuthOverride(choice: unknown, secretArn: unknown): { override: AuthOverride } | { problem: string; field: 'auth' | 'authSecret' } {
  const chosen = choice ?? 'none';
  if (typeof chosen !== 'string' || !(AUTH_CHOICES as readonly string[]).includes(chosen)) {
    return { field: 'auth', problem: `must be one of ${AUTH_CHOICES.join(', ')}, not ${JSON.stringify(choice)}` };
  }
  if (secretArn === undefined || secretArn === null || secretArn === '') return { override: { choice: chosen as AuthChoice } };
  if (typeof secretArn !== 'string' || !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/.test(secretArn)) {
    return { field: 'authSecret', problem: `must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>), not ${JSON.stringify(secretArn)}` };
  }
  if (!(SASL_MECHANISMS as readonly string[]).includes(chosen)) {
    return { field: 'authSecret', problem: `gives a SASL username and password, so the auth must be one of ${SASL_MECHANISMS.join(', ')}, not ${chosen}` };
  }
  return { override: { choice: chosen as AuthChoice, secretArn } };
}

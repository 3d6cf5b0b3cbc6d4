import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SchemaRegistryConfig } from '../settings/schema-registry-config';
import { RegistryUnavailableError } from './errors';

/** How to reach a Confluent-compatible registry: the secrets of its `AccessConfigs`, read. */
export interface RegistryAccess {
  basicAuth?: { username: string; password: string };
  /** PEM: the registry's root CA, trusted beside the system's. */
  ca?: string;
  /** PEM: the client certificate and key for mutual TLS. */
  cert?: string;
  key?: string;
  passphrase?: string;
}

/**
 * Reads each access config's Secrets Manager secret with the developer's credentials, as the
 * mapping's execution role would: BASIC_AUTH `{username, password}`, SERVER_ROOT_CA_CERTIFICATE
 * `{certificate}`, CLIENT_CERTIFICATE_TLS_AUTH `{certificate, privateKey, privateKeyPassword?}`.
 */
export async function readRegistryAccess(config: SchemaRegistryConfig, region: string): Promise<RegistryAccess> {
  if (config.accessConfigs.length === 0) return {};
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region: /^arn:[^:]+:secretsmanager:([^:]+):/.exec(config.accessConfigs[0]!.uri)?.[1] ?? region });
  const access: RegistryAccess = {};
  try {
    for (const { type, uri } of config.accessConfigs) {
      const secret = await readSecret(client, uri);
      if (type === 'BASIC_AUTH') access.basicAuth = { username: field(secret, 'username', uri), password: field(secret, 'password', uri) };
      if (type === 'SERVER_ROOT_CA_CERTIFICATE') access.ca = field(secret, 'certificate', uri);
      if (type === 'CLIENT_CERTIFICATE_TLS_AUTH') {
        access.cert = field(secret, 'certificate', uri);
        access.key = field(secret, 'privateKey', uri);
        if (typeof secret.privateKeyPassword === 'string') access.passphrase = secret.privateKeyPassword;
      }
    }
  } finally {
    client.destroy();
  }
  return access;
}

async function readSecret(client: SecretsManagerClient, uri: string): Promise<Record<string, unknown>> {
  const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: uri }));
    return JSON.parse(SecretString ?? '{}') as Record<string, unknown>;
  } catch (error) {
    throw new RegistryUnavailableError(`the schema registry's access secret ${uri} could not be read with your AWS credentials: ${(error as Error).message}`, { cause: error });
  }
}

function field(secret: Record<string, unknown>, name: string, uri: string): string {
  const value = secret[name];
  if (typeof value !== 'string') throw new RegistryUnavailableError(`the schema registry's access secret ${uri} has no "${name}" string`);
  return value;
}

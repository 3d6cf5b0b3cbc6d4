import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { awsArnOf } from '../../../shared/kafka-connection';
import type { EsmSettings } from '../settings/esm-settings';
import { brokersFor, type BrokerSources } from './brokers';
import { clientLogin } from './client-login';
import { connectionProblem } from './connection-problem';
import { describeLogin, type MappingAuth } from './mapping-auth';

/**
 * How long a connection that logs in or speaks TLS may take, the first one included before the
 * mapping shows it as its problem: a TLS handshake through a tunnel, or on a busy laptop, can
 * take more than kafkajs's 1 s default.
 */
const CONNECTION_TIMEOUT_MS = 3_000;

export type ConnectionOptions = BrokerSources;

/** What a mapping's kafkajs clients connect with, checked to work. */
export interface MappingConnection {
  config: Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl' | 'connectionTimeout'>;
  /** The login in words, for the logs. */
  login: string;
}

function isOpen(auth: MappingAuth): boolean {
  return auth.login.kind === 'none' && !auth.tls;
}

/**
 * Brokers and login of one mapping, tried once with a short timeout and no retries, so what does
 * not work (a secret, the login, TLS) is known in seconds, in words that name it, as a
 * `ConnectionProblem`. The open local broker (no login, no TLS, the brokers given) is not tried:
 * the poller reaches it as it always did.
 */
export async function connectMapping(settings: EsmSettings, auth: MappingAuth, options: ConnectionOptions): Promise<MappingConnection> {
  const login = describeLogin(auth);
  let config: MappingConnection['config'];
  let refused;
  try {
    const iamRegion = (settings.eventSourceArn && awsArnOf(settings.eventSourceArn)?.region) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    const [brokers, client] = await Promise.all([brokersFor(settings, auth, options), clientLogin(auth, iamRegion)]);
    config = { brokers, ssl: client.ssl, ...(client.sasl && { sasl: client.sasl }) };
    refused = client.refused;
  } catch (error) {
    throw connectionProblem(error, undefined, options.brokers.join(','));
  }
  if (isOpen(auth) && config.brokers === options.brokers) return { config, login };
  config = { ...config, connectionTimeout: CONNECTION_TIMEOUT_MS };
  const admin = new Kafka({ clientId: 'local-poller-connection-check', ...config, requestTimeout: CONNECTION_TIMEOUT_MS, retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    throw connectionProblem(error, refused, (config.brokers as string[]).join(','));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  return { config, login };
}

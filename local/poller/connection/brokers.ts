import { PollerError } from '../errors';
import { awsArnOf, mskBootstrapBrokers, type MskListener } from '../../../shared/kafka-connection';
import type { EsmSettings } from '../settings/esm-settings';
import type { MappingAuth } from './mapping-auth';

/** The MSK listener that takes a login: the one GetBootstrapBrokers is asked for. */
export function mskListenerFor(auth: MappingAuth): MskListener {
  switch (auth.login.kind) {
    case 'iam':
      return 'iam';
    case 'sasl':
      return 'scram';
    case 'client-certificate':
      return 'tls';
    case 'none':
      return auth.tls ? 'tls' : 'plaintext';
  }
}

export interface BrokerSources {
  /** `--brokers`, KAFKA_BROKERS or the plugin's `brokers`. */
  brokers: string[];
  /** `kafka` events connect to their own `bootstrapServers`, as deployed, instead of `brokers`. */
  brokersFromEvents: boolean;
  /** `msk` events connect to their cluster's brokers from GetBootstrapBrokers instead of `brokers`. */
  mskBootstrap: boolean;
}

/**
 * The brokers a mapping connects to: those given, or, when asked, the event's own: a `kafka`
 * event's `bootstrapServers`, an `msk` event's cluster's brokers on the listener of its login
 * (GetBootstrapBrokers with the developer's credentials).
 */
export async function brokersFor(settings: EsmSettings, auth: MappingAuth, sources: BrokerSources): Promise<string[]> {
  if (settings.source === 'kafka' && sources.brokersFromEvents && settings.bootstrapServers) return settings.bootstrapServers;
  if (!sources.mskBootstrap || settings.source !== 'msk' || !settings.eventSourceArn) return sources.brokers;
  const cluster = awsArnOf(settings.eventSourceArn);
  if (!cluster) throw new PollerError(`${settings.eventSourceArn} is not an MSK cluster ARN`);
  return mskBootstrapBrokers(cluster, mskListenerFor(auth), `the ${settings.functionName} mapping (--msk-bootstrap)`);
}

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

/**
 * The brokers a mapping connects to: those given (`--brokers`, KAFKA_BROKERS or the plugin's
 * `brokers`), or with `mskBootstrap` and an `msk` event, its cluster's brokers on the listener of
 * its login, from GetBootstrapBrokers with the developer's credentials.
 */
export async function brokersFor(settings: EsmSettings, auth: MappingAuth, given: string[], mskBootstrap: boolean): Promise<string[]> {
  if (!mskBootstrap || settings.source !== 'msk' || !settings.eventSourceArn) return given;
  const cluster = awsArnOf(settings.eventSourceArn);
  if (!cluster) throw new Error(`${settings.eventSourceArn} is not an MSK cluster ARN`);
  return mskBootstrapBrokers(cluster, mskListenerFor(auth), `the ${settings.functionName} mapping (--msk-bootstrap)`);
}

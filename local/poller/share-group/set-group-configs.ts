import { ShareGroupError } from './api';
import { addressOf, BrokerLink, type LinkConfig } from './broker-link';
import { decodeSetGroupConfigs, encodeSetGroupConfigs } from './group-configs';

/**
 * Sets configs of a (share) group, as `kafka-configs --entity-type groups --alter` does: for the
 * tests and the bench, which read from the earliest offset or shorten the lock. The poller itself
 * never changes a group's settings.
 */
export async function setGroupConfigs(brokers: string[], groupId: string, configs: Record<string, string>, link: LinkConfig = { clientId: 'local-poller-group-configs' }): Promise<void> {
  const broker = new BrokerLink(addressOf(brokers[0]!), link);
  try {
    const [result] = decodeSetGroupConfigs(await broker.send('IncrementalAlterConfigs', encodeSetGroupConfigs(groupId, configs)));
    if (result && result.errorCode !== 0) throw new ShareGroupError('IncrementalAlterConfigs', result.errorCode, result.errorMessage);
  } finally {
    await broker.close();
  }
}

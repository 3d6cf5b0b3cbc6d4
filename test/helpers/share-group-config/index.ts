import { setGroupConfigs } from '../../../local/poller/share-group';

/**
 * Sets configs of a share group before it exists (`share.auto.offset.reset`,
 * `share.record.lock.duration.ms`, ...), as an operator would with kafka-configs.
 */
export async function setShareGroupConfig(brokers: string[], groupId: string, configs: Record<string, string | number>): Promise<void> {
  await setGroupConfigs(brokers, groupId, Object.fromEntries(Object.entries(configs).map(([name, value]) => [name, String(value)])));
}

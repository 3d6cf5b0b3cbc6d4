import type { Admin } from 'kafkajs';
import type { PollerLog } from '../log';
import type { EsmSettings } from '../settings/esm-settings';

/**
 * AWS fixes a mapping's LATEST or AT_TIMESTAMP position when the mapping is created, and
 * committed offsets win over it. So before the group is joined, the position is committed for
 * its partitions that have no offset yet; left to the consumer, LATEST would be resolved at the
 * first fetch, and again after every restart or rebalance until the first commit, skipping what
 * was written meanwhile.
 */
export async function pinStartingPosition(admin: Admin, settings: EsmSettings, groupId: string, log: PollerLog): Promise<void> {
  if (settings.startingPosition === 'TRIM_HORIZON') return;
  const [committed] = await admin.fetchOffsets({ groupId, topics: [settings.topic] });
  const fresh = new Set((committed?.partitions ?? []).filter((entry) => entry.offset === '-1').map((entry) => entry.partition));
  if (fresh.size === 0) return;
  const positions =
    settings.startingPosition === 'AT_TIMESTAMP'
      ? await admin.fetchTopicOffsetsByTimestamp(settings.topic, settings.startingPositionTimestampMs)
      : (await admin.fetchTopicOffsets(settings.topic)).map(({ partition, high }) => ({ partition, offset: high }));
  try {
    await admin.setOffsets({ groupId, topic: settings.topic, partitions: positions.filter((entry) => fresh.has(entry.partition)) });
  } catch (error) {
    // A running member of the group holds the position already.
    log.warn('starting position not pinned', { groupId, error: (error as Error).message });
  }
}

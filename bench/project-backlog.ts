import path from 'node:path';
import type { Admin } from 'kafkajs';
import { LOCAL_STAGE, PROJECT_ROOT } from '../local/config';
import { esmSettingsFromServerless, type ServerlessConfigLike, loadServiceConfig } from '../local/poller/index';

type Offsets = Map<number, string>;

interface Mapping {
  topic: string;
  groupId: string;
  /** The group's committed offset ('-1': none) when the bench started, by partition. */
  committedAtStart: Offsets;
  /** The partitions where the group had nothing left to consume then, with their end offsets. */
  caughtUpAt: Offsets;
}

async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<Offsets> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return new Map((committed?.partitions ?? []).map(({ partition, offset }) => [partition, offset]));
}

/**
 * The HTTP and end-to-end scenarios post tens of thousands of messages to `message-created`,
 * which `npm start`'s poller would then store one by one. Where a consumer group of the service
 * had consumed a partition to its end before the bench began, `release` moves it past what was
 * written since (the bench's messages: it held port 3000 meanwhile). A partition where the group
 * was behind is left alone: moving it would skip messages that are not the bench's.
 */
export class ProjectBacklog {
  private constructor(
    private readonly admin: Admin,
    private readonly mappings: Mapping[],
  ) {}

  static async snapshot(admin: Admin): Promise<ProjectBacklog> {
    const service = await loadServiceConfig(path.join(PROJECT_ROOT, 'serverless.yml'), LOCAL_STAGE);
    const mappings: Mapping[] = [];
    for (const { topic, consumerGroupId: groupId } of esmSettingsFromServerless(service.printed as ServerlessConfigLike)) {
      const committedAtStart = await committedOffsets(admin, groupId, topic);
      const caughtUpAt: Offsets = new Map();
      for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
        const committed = committedAtStart.get(partition) ?? '-1';
        if (committed === high || (committed === '-1' && low === high)) caughtUpAt.set(partition, high);
      }
      mappings.push({ topic, groupId, committedAtStart, caughtUpAt });
    }
    return new ProjectBacklog(admin, mappings);
  }

  /** Returns one line per consumer group saying what was done. */
  async release(): Promise<string[]> {
    const lines: string[] = [];
    for (const { topic, groupId, committedAtStart, caughtUpAt } of this.mappings) {
      const [group] = (await this.admin.describeGroups([groupId])).groups;
      if (group?.state !== 'Empty' && group?.state !== 'Dead') {
        lines.push(`consumer group ${groupId} is active: left as it was`);
        continue;
      }
      const committed = await committedOffsets(this.admin, groupId, topic);
      const moves: { partition: number; offset: string }[] = [];
      let skipped = 0;
      let left = 0;
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        const endAtStart = caughtUpAt.get(partition);
        const unmoved = (committed.get(partition) ?? '-1') === (committedAtStart.get(partition) ?? '-1');
        if (endAtStart !== undefined && unmoved) {
          moves.push({ partition, offset: high });
          skipped += Number(high) - Number(endAtStart);
        } else {
          left += Number(high) - Math.max(0, Number(committed.get(partition) ?? '0'));
        }
      }
      if (skipped > 0) await this.admin.setOffsets({ groupId, topic, partitions: moves });
      if (skipped > 0) lines.push(`consumer group ${groupId} moved past the ${skipped} messages the bench posted to ${topic}`);
      if (left > 0) lines.push(`consumer group ${groupId} was behind on ${topic} before the bench: ${left} messages, the bench's among them, are left for it to consume`);
    }
    return lines;
  }
}

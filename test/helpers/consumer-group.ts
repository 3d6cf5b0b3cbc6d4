import type { Admin } from 'kafkajs';
import { waitUntil } from './wait';

/** The group's committed offset per partition (index = partition), -1 where it has none. */
export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<number[]> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const offsets: number[] = [];
  for (const { partition, offset } of committed?.partitions ?? []) offsets[partition] = Number(offset);
  return offsets;
}

/** The offset the next record of each partition will get (index = partition). */
export async function endOffsets(admin: Admin, topic: string): Promise<number[]> {
  const offsets: number[] = [];
  for (const { partition, high } of await admin.fetchTopicOffsets(topic)) offsets[partition] = Number(high);
  return offsets;
}

/** Waits until the group has committed the end of every partition: everything was processed. */
export async function waitForCommittedEnd(admin: Admin, groupId: string, topic: string, timeoutMs = 45_000): Promise<number[]> {
  const end = await endOffsets(admin, topic);
  return waitUntil(
    `group ${groupId} commits ${JSON.stringify(end)} on ${topic}`,
    async () => {
      const committed = await committedOffsets(admin, groupId, topic);
      return end.every((offset, partition) => offset === 0 || committed[partition] === offset) && committed;
    },
    timeoutMs,
  );
}

/** Waits until the group is stable with `members` members that all hold partitions of `topic`. */
export async function waitForGroupMembers(admin: Admin, groupId: string, members: number, timeoutMs = 45_000): Promise<void> {
  await waitUntil(
    `group ${groupId} is stable with ${members} members`,
    async () => {
      const { groups } = await admin.describeGroups([groupId]);
      const group = groups[0];
      return group?.state === 'Stable' && group.members.length === members && group.members.every((member) => member.memberAssignment.length > 0);
    },
    timeoutMs,
  );
}

/** Waits until the group has committed at least `records` records of `topic`, over all its partitions: a point mid-run. */
export async function waitForCommittedRecords(admin: Admin, groupId: string, topic: string, records: number, timeoutMs = 120_000): Promise<number> {
  return waitUntil(
    `group ${groupId} commits ${records} records of ${topic}`,
    async () => {
      const committed = (await committedOffsets(admin, groupId, topic)).reduce((sum, offset) => sum + Math.max(0, offset), 0);
      return committed >= records && committed;
    },
    timeoutMs,
  );
}

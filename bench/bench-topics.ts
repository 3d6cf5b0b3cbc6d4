import { randomUUID } from 'node:crypto';
import type { Admin, Producer } from 'kafkajs';
import { createTopicsReady } from '../local/kafka/topics';
import { inPool } from '../local/bounded-pool';
import { sampleRecord } from './records';

const FILL_BATCH = 1_000;
const FILL_CONCURRENCY = 4;

/** Topics and consumer groups of one bench run, each with a fresh name, all deleted at its end. */
export class BenchTopics {
  private readonly topics: string[] = [];
  private readonly groups: string[] = [];

  constructor(
    private readonly admin: Admin,
    private readonly replicationFactor: number,
  ) {}

  async create(prefix: string, partitions = 3): Promise<string> {
    const topic = `${prefix}-${randomUUID().slice(0, 8)}`;
    await createTopicsReady(this.admin, [{ topic, numPartitions: partitions, replicationFactor: this.replicationFactor }]);
    this.topics.push(topic);
    return topic;
  }

  group(prefix: string): string {
    const group = `${prefix}-${randomUUID().slice(0, 8)}`;
    this.groups.push(group);
    return group;
  }

  /** Deletes what this run made; a group still in use (or never joined) is left to expire. */
  async removeAll(): Promise<void> {
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics.splice(0) });
    const groups = this.groups.splice(0);
    if (groups.length > 0) await this.admin.deleteGroups(groups).catch(() => undefined);
  }
}

/** Writes `count` 1 KiB records, spread evenly over the partitions. */
export async function fillTopic(producer: Producer, topic: string, count: number, partitions: number): Promise<void> {
  const firsts = Array.from({ length: Math.ceil(count / FILL_BATCH) }, (_, batch) => batch * FILL_BATCH);
  await inPool(firsts, FILL_CONCURRENCY, async (first) => {
    const messages = Array.from({ length: Math.min(FILL_BATCH, count - first) }, (_, index) => ({ ...sampleRecord(), partition: (first + index) % partitions }));
    await producer.send({ topic, acks: -1, messages });
  });
}

import type { OnFailureRecord } from '../../local/poller/index';
import { endOffsets } from './consumer-group';
import { readRecords } from './kafka-records';
import { PROVISIONED_MODE } from './poller-service';
import type { PollerTestBroker } from './poller-test-broker';

/** An on-failure destination topic: the `provisionedPollerConfig` AWS requires and the mapping block naming the topic. */
export function onFailureTopicSettings(topic: string, mapping: Record<string, unknown> = {}) {
  return {
    event: PROVISIONED_MODE,
    mapping: { ...mapping, destinationConfig: { onFailure: { destination: `kafka://${topic}` } } },
  };
}

export interface OnFailureMessage {
  key: string | null;
  record: OnFailureRecord;
}

/** Where the failed record came from: `<topic>-<partition>@<offset>`. */
export function failedRecordOf({ record }: OnFailureMessage): string {
  const [partitionKey] = Object.keys((record.payload as { records: Record<string, unknown> }).records);
  return `${partitionKey}@${record.KafkaBatchInfo.recordInfo.offset}`;
}

/**
 * Reads all the on-failure records of `topic`, checking it holds exactly `count`, in the order of
 * the records that failed (the destination's partitions follow their keys, not their order).
 */
export async function readOnFailureRecords({ kafka, admin }: Pick<PollerTestBroker, 'kafka' | 'admin'>, topic: string, count: number): Promise<OnFailureMessage[]> {
  const messages = await readRecords(kafka, topic, count);
  const written = (await endOffsets(admin, topic)).reduce((sum, offset) => sum + offset, 0);
  if (written !== count) throw new Error(`${topic} holds ${written} on-failure records, not ${count}`);
  const failures = messages.map(({ key, value }) => ({ key, record: JSON.parse(value!) as OnFailureRecord }));
  return failures.sort((a, b) => failedRecordOf(a).localeCompare(failedRecordOf(b), 'en', { numeric: true }));
}

import type { AcknowledgeTypeValue } from './api';
import type { Reader, Writer } from './wire';

/**
 * A run of offsets acknowledged together: one type for the whole run, or one per offset
 * (`types.length === lastOffset - firstOffset + 1`), as KIP-932 allows.
 */
export interface AcknowledgementBatch {
  firstOffset: bigint;
  lastOffset: bigint;
  types: AcknowledgeTypeValue[];
}

export interface PartitionAcknowledgements {
  partition: number;
  batches: AcknowledgementBatch[];
}

export interface TopicAcknowledgements {
  topicId: Buffer;
  partitions: PartitionAcknowledgements[];
}

function writeAcknowledgementBatch(writer: Writer, batch: AcknowledgementBatch): void {
  writer
    .int64(batch.firstOffset)
    .int64(batch.lastOffset)
    .compactArray(batch.types, (inner, type) => inner.int8(type))
    .emptyTaggedFields();
}

/** One topic's acknowledgements, as ShareFetch v2 and ShareAcknowledge v2 both carry them. */
export function writeTopicAcknowledgements(writer: Writer, topic: TopicAcknowledgements): void {
  writer
    .uuid(topic.topicId)
    .compactArray(topic.partitions, (inner, partition) => inner.int32(partition.partition).compactArray(partition.batches, writeAcknowledgementBatch).emptyTaggedFields())
    .emptyTaggedFields();
}

/**
 * Acknowledgements of single offsets as the fewest batches: consecutive offsets of one type
 * make one batch with a single type, as Kafka's own client sends them.
 */
export function acknowledgementBatches(acknowledged: ReadonlyMap<bigint, AcknowledgeTypeValue>): AcknowledgementBatch[] {
  const offsets = [...acknowledged.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const batches: AcknowledgementBatch[] = [];
  for (const offset of offsets) {
    const type = acknowledged.get(offset)!;
    const last = batches.at(-1);
    if (last && last.lastOffset + 1n === offset && last.types[0] === type) last.lastOffset = offset;
    else batches.push({ firstOffset: offset, lastOffset: offset, types: [type] });
  }
  return batches;
}

export interface LeaderIdAndEpoch {
  leaderId: number;
  leaderEpoch: number;
}

export interface NodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export function readLeader(reader: Reader): LeaderIdAndEpoch {
  const leader = { leaderId: reader.int32(), leaderEpoch: reader.int32() };
  reader.taggedFields();
  return leader;
}

export function readNodeEndpoint(reader: Reader): NodeEndpoint {
  const endpoint = { nodeId: reader.int32(), host: reader.compactString(), port: reader.int32(), rack: reader.compactNullableString() };
  reader.taggedFields();
  return endpoint;
}

import { Reader, Writer } from './wire';

/**
 * Metadata v12 (API key 3), for what kafkajs's Metadata (v6 at most) does not carry: topic ids,
 * which the share-group APIs name topics by.
 */
export interface TopicMetadata {
  errorCode: number;
  name: string | null;
  topicId: Buffer;
  partitions: { errorCode: number; partitionIndex: number; leaderId: number; leaderEpoch: number }[];
}

export interface MetadataResponse {
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  topics: TopicMetadata[];
}

const NO_TOPIC_ID = Buffer.alloc(16);

export function encodeMetadata(topics: string[]): Buffer {
  return new Writer()
    .compactArray(topics, (writer, name) => writer.uuid(NO_TOPIC_ID).compactNullableString(name).emptyTaggedFields())
    .boolean(false)
    .boolean(false)
    .emptyTaggedFields()
    .toBuffer();
}

export function decodeMetadata(body: Buffer): MetadataResponse {
  const reader = new Reader(body);
  reader.int32();
  const brokers = reader.compactArray((item) => {
    const broker = { nodeId: item.int32(), host: item.compactString(), port: item.int32(), rack: item.compactNullableString() };
    item.taggedFields();
    return broker;
  });
  reader.compactNullableString();
  reader.int32();
  const topics = reader.compactArray((item): TopicMetadata => {
    const errorCode = item.int16();
    const name = item.compactNullableString();
    const topicId = item.uuid();
    item.boolean();
    const partitions = item.compactArray((inner) => {
      const partition = { errorCode: inner.int16(), partitionIndex: inner.int32(), leaderId: inner.int32(), leaderEpoch: inner.int32() };
      inner.compactArray((node) => node.int32());
      inner.compactArray((node) => node.int32());
      inner.compactArray((node) => node.int32());
      inner.taggedFields();
      return partition;
    });
    item.int32();
    item.taggedFields();
    return { errorCode, name, topicId, partitions };
  });
  reader.taggedFields();
  return { brokers, topics };
}

import { readLeader, readNodeEndpoint, type LeaderIdAndEpoch, type NodeEndpoint, type TopicAcknowledgements, writeTopicAcknowledgements } from './acknowledgements';
import { Reader, Writer } from './wire';

/** ShareFetch v2's acquire modes: batch-optimized may hand out more than `maxRecords` to keep batches whole; record-limit does not. */
export const ShareAcquireMode = { BATCH_OPTIMIZED: 0, RECORD_LIMIT: 1 } as const;

export interface ShareFetchRequest {
  groupId: string;
  memberId: string;
  /** 0 opens a share session, -1 closes it, otherwise one more than the last request's. */
  shareSessionEpoch: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  maxRecords: number;
  batchSize: number;
  shareAcquireMode: number;
  isRenewAck: boolean;
  /** Partitions to fetch from (added to the session) and acknowledgements riding along. */
  topics: TopicAcknowledgements[];
  forgottenTopics: { topicId: Buffer; partitions: number[] }[];
}

export interface AcquiredRecords {
  firstOffset: bigint;
  lastOffset: bigint;
  deliveryCount: number;
}

export interface ShareFetchPartition {
  partitionIndex: number;
  errorCode: number;
  errorMessage: string | null;
  acknowledgeErrorCode: number;
  acknowledgeErrorMessage: string | null;
  currentLeader: LeaderIdAndEpoch;
  /** Record batches as the log holds them (decode with `decodeRecords`). */
  records: Buffer | null;
  acquiredRecords: AcquiredRecords[];
}

export interface ShareFetchResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  acquisitionLockTimeoutMs: number;
  responses: { topicId: Buffer; partitions: ShareFetchPartition[] }[];
  nodeEndpoints: NodeEndpoint[];
}

/** ShareFetch v2 (API key 78). */
export function encodeShareFetch(request: ShareFetchRequest): Buffer {
  return new Writer()
    .compactNullableString(request.groupId)
    .compactNullableString(request.memberId)
    .int32(request.shareSessionEpoch)
    .int32(request.maxWaitMs)
    .int32(request.minBytes)
    .int32(request.maxBytes)
    .int32(request.maxRecords)
    .int32(request.batchSize)
    .int8(request.shareAcquireMode)
    .boolean(request.isRenewAck)
    .compactArray(request.topics, writeTopicAcknowledgements)
    .compactArray(request.forgottenTopics, (writer, topic) =>
      writer
        .uuid(topic.topicId)
        .compactArray(topic.partitions, (inner, partition) => inner.int32(partition))
        .emptyTaggedFields(),
    )
    .emptyTaggedFields()
    .toBuffer();
}

function readPartition(reader: Reader): ShareFetchPartition {
  const partition: ShareFetchPartition = {
    partitionIndex: reader.int32(),
    errorCode: reader.int16(),
    errorMessage: reader.compactNullableString(),
    acknowledgeErrorCode: reader.int16(),
    acknowledgeErrorMessage: reader.compactNullableString(),
    currentLeader: readLeader(reader),
    records: reader.compactNullableBytes(),
    acquiredRecords: reader.compactArray((item) => {
      const acquired = { firstOffset: item.int64(), lastOffset: item.int64(), deliveryCount: item.int16() };
      item.taggedFields();
      return acquired;
    }),
  };
  reader.taggedFields();
  return partition;
}

export function decodeShareFetch(body: Buffer): ShareFetchResponse {
  const reader = new Reader(body);
  const response: ShareFetchResponse = {
    throttleTimeMs: reader.int32(),
    errorCode: reader.int16(),
    errorMessage: reader.compactNullableString(),
    acquisitionLockTimeoutMs: reader.int32(),
    responses: reader.compactArray((item) => {
      const topic = { topicId: item.uuid(), partitions: item.compactArray(readPartition) };
      item.taggedFields();
      return topic;
    }),
    nodeEndpoints: reader.compactArray(readNodeEndpoint),
  };
  reader.taggedFields();
  return response;
}

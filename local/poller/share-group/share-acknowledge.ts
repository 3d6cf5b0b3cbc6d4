import { readLeader, readNodeEndpoint, type LeaderIdAndEpoch, type NodeEndpoint, type TopicAcknowledgements, writeTopicAcknowledgements } from './acknowledgements';
import { Reader, Writer } from './wire';

export interface ShareAcknowledgeRequest {
  groupId: string;
  memberId: string;
  /** The share session's next epoch, as for ShareFetch; -1 closes the session. */
  shareSessionEpoch: number;
  /** Only RENEW acknowledgements: extends the locks, acknowledges nothing (KIP-1222). */
  isRenewAck: boolean;
  topics: TopicAcknowledgements[];
}

export interface ShareAcknowledgePartition {
  partitionIndex: number;
  errorCode: number;
  errorMessage: string | null;
  currentLeader: LeaderIdAndEpoch;
}

export interface ShareAcknowledgeResponse {
  throttleTimeMs: number;
  errorCode: number;
  errorMessage: string | null;
  acquisitionLockTimeoutMs: number;
  responses: { topicId: Buffer; partitions: ShareAcknowledgePartition[] }[];
  nodeEndpoints: NodeEndpoint[];
}

/** ShareAcknowledge v2 (API key 79). */
export function encodeShareAcknowledge(request: ShareAcknowledgeRequest): Buffer {
  return new Writer()
    .compactNullableString(request.groupId)
    .compactNullableString(request.memberId)
    .int32(request.shareSessionEpoch)
    .boolean(request.isRenewAck)
    .compactArray(request.topics, writeTopicAcknowledgements)
    .emptyTaggedFields()
    .toBuffer();
}

export function decodeShareAcknowledge(body: Buffer): ShareAcknowledgeResponse {
  const reader = new Reader(body);
  const response: ShareAcknowledgeResponse = {
    throttleTimeMs: reader.int32(),
    errorCode: reader.int16(),
    errorMessage: reader.compactNullableString(),
    acquisitionLockTimeoutMs: reader.int32(),
    responses: reader.compactArray((item) => {
      const topic = {
        topicId: item.uuid(),
        partitions: item.compactArray((inner) => {
          const partition = { partitionIndex: inner.int32(), errorCode: inner.int16(), errorMessage: inner.compactNullableString(), currentLeader: readLeader(inner) };
          inner.taggedFields();
          return partition;
        }),
      };
      item.taggedFields();
      return topic;
    }),
    nodeEndpoints: reader.compactArray(readNodeEndpoint),
  };
  reader.taggedFields();
  return response;
}

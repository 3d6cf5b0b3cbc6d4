import { Reader, Writer } from './wire';

export interface ShareGroupMember {
  memberId: string;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  assignment: { topicId: Buffer; topicName: string; partitions: number[] }[];
}

export interface DescribedShareGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  /** `Empty`, `Stable` or `Dead`. */
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupMember[];
  authorizedOperations: number;
}

/** ShareGroupDescribe v1 (API key 77). */
export function encodeShareGroupDescribe(groupIds: string[], includeAuthorizedOperations = false): Buffer {
  return new Writer()
    .compactArray(groupIds, (writer, id) => writer.compactString(id))
    .boolean(includeAuthorizedOperations)
    .emptyTaggedFields()
    .toBuffer();
}

function readMember(reader: Reader): ShareGroupMember {
  const memberId = reader.compactString();
  const rackId = reader.compactNullableString();
  const memberEpoch = reader.int32();
  const clientId = reader.compactString();
  const clientHost = reader.compactString();
  const subscribedTopicNames = reader.compactArray((item) => item.compactString());
  const assignment = reader.compactArray((item) => {
    const topicId = item.uuid();
    const topicName = item.compactString();
    const partitions = item.compactArray((inner) => inner.int32());
    item.taggedFields();
    return { topicId, topicName, partitions };
  });
  reader.taggedFields();
  reader.taggedFields();
  return { memberId, rackId, memberEpoch, clientId, clientHost, subscribedTopicNames, assignment };
}

export function decodeShareGroupDescribe(body: Buffer): { throttleTimeMs: number; groups: DescribedShareGroup[] } {
  const reader = new Reader(body);
  const throttleTimeMs = reader.int32();
  const groups = reader.compactArray((item) => {
    const group: DescribedShareGroup = {
      errorCode: item.int16(),
      errorMessage: item.compactNullableString(),
      groupId: item.compactString(),
      groupState: item.compactString(),
      groupEpoch: item.int32(),
      assignmentEpoch: item.int32(),
      assignorName: item.compactString(),
      members: item.compactArray(readMember),
      authorizedOperations: item.int32(),
    };
    item.taggedFields();
    return group;
  });
  reader.taggedFields();
  return { throttleTimeMs, groups };
}

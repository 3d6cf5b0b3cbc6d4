import {
  AcknowledgeType,
  acknowledgementBatches,
  decodeRecords,
  decodeShareAcknowledge,
  decodeShareFetch,
  decodeShareGroupDescribe,
  decodeShareGroupHeartbeat,
  encodeShareAcknowledge,
  encodeShareFetch,
  encodeShareGroupDescribe,
  encodeShareGroupHeartbeat,
  SHARE_APIS,
  uuidText,
  type AcknowledgeTypeValue,
} from '../../../../local/poller/share-group';
import { Reader } from '../../../../local/poller/share-group/wire';
import { recordedExchanges } from './recorded-frames';

// Requests are read back field by field as the 4.2.2 schemas lay them out, then encoded again:
// the encoders must write what Kafka's own KafkaShareConsumer wrote, byte for byte.

function readAcknowledgeTopics(reader: Reader) {
  return reader.compactArray((topic) => {
    const topicId = topic.uuid();
    const partitions = topic.compactArray((partition) => {
      const index = partition.int32();
      const batches = partition.compactArray((batch) => {
        const entry = { firstOffset: batch.int64(), lastOffset: batch.int64(), types: batch.compactArray((type) => type.int8() as AcknowledgeTypeValue) };
        batch.taggedFields();
        return entry;
      });
      partition.taggedFields();
      return { partition: index, batches };
    });
    topic.taggedFields();
    return { topicId, partitions };
  });
}

describe('share-group protocol against bytes recorded from KafkaShareConsumer 4.2.2', () => {
  it('sends the versions the 4.2 broker and Java client use', () => {
    expect(recordedExchanges('share-group-heartbeat')[0]!.apiVersion).toBe(SHARE_APIS.ShareGroupHeartbeat.apiVersion);
    expect(recordedExchanges('share-group-describe')[0]!.apiVersion).toBe(SHARE_APIS.ShareGroupDescribe.apiVersion);
    expect(recordedExchanges('share-fetch')[0]!.apiVersion).toBe(SHARE_APIS.ShareFetch.apiVersion);
    expect(recordedExchanges('share-acknowledge')[0]!.apiVersion).toBe(SHARE_APIS.ShareAcknowledge.apiVersion);
  });

  it('encodes ShareGroupHeartbeat requests (join, heartbeat, leave) as Java does', () => {
    const exchanges = recordedExchanges('share-group-heartbeat');
    expect(exchanges.length).toBeGreaterThanOrEqual(3);
    for (const { request } of exchanges) {
      const reader = new Reader(request);
      const fields = {
        groupId: reader.compactString(),
        memberId: reader.compactString(),
        memberEpoch: reader.int32(),
        rackId: reader.compactNullableString(),
        subscribedTopicNames: reader.unsignedVarint() === 0 ? null : [],
      };
      if (fields.subscribedTopicNames) {
        const again = new Reader(request);
        again.compactString();
        again.compactString();
        again.int32();
        again.compactNullableString();
        fields.subscribedTopicNames = again.compactArray((item) => item.compactString()) as never[];
      }
      expect(encodeShareGroupHeartbeat(fields)).toEqual(request);
    }
    const join = new Reader(exchanges[0]!.request);
    join.compactString();
    join.compactString();
    expect(join.int32()).toBe(0);
  });

  it('decodes ShareGroupHeartbeat responses: the member epoch, an empty then a real assignment, unchanged (null), and leaving', () => {
    const responses = recordedExchanges('share-group-heartbeat').map(({ response }) => decodeShareGroupHeartbeat(response));
    expect(responses.every((response) => response.errorCode === 0)).toBe(true);
    expect(responses[0]).toMatchObject({ memberEpoch: 1, heartbeatIntervalMs: 5000, assignment: [] });
    const assigned = responses.find((response) => response.assignment?.length);
    expect(assigned!.assignment![0]!.partitions).toEqual([0]);
    expect(responses.some((response) => response.assignment === null)).toBe(true);
    expect(responses.at(-1)!.memberEpoch).toBe(-1);
  });

  it('encodes a ShareFetch request that opens a share session as Java does', () => {
    const { request } = recordedExchanges('share-fetch')[0]!;
    const reader = new Reader(request);
    const fields = {
      groupId: reader.compactString(),
      memberId: reader.compactString(),
      shareSessionEpoch: reader.int32(),
      maxWaitMs: reader.int32(),
      minBytes: reader.int32(),
      maxBytes: reader.int32(),
      maxRecords: reader.int32(),
      batchSize: reader.int32(),
      shareAcquireMode: reader.int8(),
      isRenewAck: reader.boolean(),
      topics: readAcknowledgeTopics(reader),
      forgottenTopics: reader.compactArray((topic) => {
        const entry = { topicId: topic.uuid(), partitions: topic.compactArray((partition) => partition.int32()) };
        topic.taggedFields();
        return entry;
      }),
    };
    expect(fields.shareSessionEpoch).toBe(0);
    expect(encodeShareFetch(fields)).toEqual(request);
  });

  it('decodes a ShareFetch response: the lock timeout, acquired offsets with their delivery count, and the records', async () => {
    const { response } = recordedExchanges('share-fetch')[0]!;
    const decoded = decodeShareFetch(response);
    expect(decoded).toMatchObject({ errorCode: 0, acquisitionLockTimeoutMs: 30_000 });
    const [partition] = decoded.responses[0]!.partitions;
    expect(partition).toMatchObject({ partitionIndex: 0, errorCode: 0, acknowledgeErrorCode: 0 });
    expect(partition!.acquiredRecords).toEqual([{ firstOffset: 0n, lastOffset: 2n, deliveryCount: 1 }]);
    const records = await decodeRecords(partition!.records);
    expect(records.map((record) => [record.offset, record.timestamp, record.key?.toString() ?? null, record.value?.toString() ?? null])).toEqual([
      ['0', '1700000000000', 'k-0', 'accepted'],
      ['1', '1700000000001', null, 'released'],
      ['2', '1700000000002', 'k-2', null],
    ]);
    expect(records[0]!.headers).toEqual({ h: Buffer.from([0xc3, 0xab]) });
  });

  it('encodes ShareAcknowledge requests (ACCEPT, RELEASE, REJECT per offset; closing the session) as Java does', () => {
    const exchanges = recordedExchanges('share-acknowledge');
    for (const { request } of exchanges) {
      const reader = new Reader(request);
      const fields = { groupId: reader.compactString(), memberId: reader.compactString(), shareSessionEpoch: reader.int32(), isRenewAck: reader.boolean(), topics: readAcknowledgeTopics(reader) };
      expect(encodeShareAcknowledge(fields)).toEqual(request);
    }
    const reader = new Reader(exchanges[0]!.request);
    reader.compactString();
    reader.compactString();
    reader.int32();
    reader.boolean();
    const [topic] = readAcknowledgeTopics(reader);
    expect(topic!.partitions[0]!.batches).toEqual([{ firstOffset: 0n, lastOffset: 2n, types: [AcknowledgeType.ACCEPT, AcknowledgeType.RELEASE, AcknowledgeType.REJECT] }]);
  });

  it('decodes ShareAcknowledge responses', () => {
    const [first, closing] = recordedExchanges('share-acknowledge').map(({ response }) => decodeShareAcknowledge(response));
    expect(first).toMatchObject({ errorCode: 0, acquisitionLockTimeoutMs: 30_000 });
    expect(first!.responses[0]!.partitions).toEqual([expect.objectContaining({ partitionIndex: 0, errorCode: 0 })]);
    expect(closing).toMatchObject({ errorCode: 0, responses: [] });
  });

  it('encodes and decodes ShareGroupDescribe', () => {
    const { request, response } = recordedExchanges('share-group-describe')[0]!;
    const reader = new Reader(request);
    const groupIds = reader.compactArray((item) => item.compactString());
    expect(encodeShareGroupDescribe(groupIds, reader.boolean())).toEqual(request);
    const [group] = decodeShareGroupDescribe(response).groups;
    expect(group).toMatchObject({ errorCode: 0, groupId: groupIds[0], groupState: 'Stable', assignorName: 'simple' });
    expect(group!.members).toEqual([expect.objectContaining({ clientId: 'share-recorder', memberEpoch: 2 })]);
    expect(group!.members[0]!.assignment).toEqual([expect.objectContaining({ topicName: groupIds[0], partitions: [0] })]);
    expect(uuidText(group!.members[0]!.assignment[0]!.topicId)).toHaveLength(22);
  });
});

describe('acknowledgementBatches', () => {
  it('joins consecutive offsets of one type and splits at a gap or another type', () => {
    const acknowledged = new Map<bigint, AcknowledgeTypeValue>([
      [5n, AcknowledgeType.ACCEPT],
      [3n, AcknowledgeType.ACCEPT],
      [4n, AcknowledgeType.ACCEPT],
      [6n, AcknowledgeType.RELEASE],
      [8n, AcknowledgeType.RELEASE],
    ]);
    expect(acknowledgementBatches(acknowledged)).toEqual([
      { firstOffset: 3n, lastOffset: 5n, types: [AcknowledgeType.ACCEPT] },
      { firstOffset: 6n, lastOffset: 6n, types: [AcknowledgeType.RELEASE] },
      { firstOffset: 8n, lastOffset: 8n, types: [AcknowledgeType.RELEASE] },
    ]);
  });
});

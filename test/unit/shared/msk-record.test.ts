import { assertIsKafkaEvent, decodeRecord, headerText, partitionsOf } from '../../../shared/msk-record';
import { loadMskEvent } from '../../helpers/msk-events';

describe('MSK record decoding', () => {
  it("decodes the AWS guide's sample event", () => {
    const event = loadMskEvent('aws-guide-sample');
    assertIsKafkaEvent(event);
    const record = decodeRecord(event.records['mytopic-0']![0]!);
    expect(record.value?.toString('utf8')).toBe('Hello, this is a test.');
    expect(headerText(record, 'headerKey')).toBe('headerValue');
    expect(record).toMatchObject({ topic: 'mytopic', partition: 0, offset: 15, timestampType: 'CREATE_TIME' });
  });

  it('gives null for a key or value the event leaves out, and keeps multi-byte UTF-8 headers', () => {
    const event = loadMskEvent('three-partitions');
    const record = decodeRecord(event.records['message-created-1']![0]!);
    expect(record.key).toBeNull();
    expect(headerText(record, 'trace-id')).toBe('spécial-✓');

    const tombstone = decodeRecord(loadMskEvent('poison').records['message-created-0']![3]!);
    expect(tombstone.value).toBeNull();
    expect(tombstone.key?.toString()).toBe('tombstone');
  });

  // powertools-lambda-python issue 6862: a real MSK event carried the header `ë` as [-61, -85].
  it('decodes header bytes written as Java signed bytes', () => {
    const event = loadMskEvent('aws-guide-sample');
    event.records['mytopic-0']![0]!.headers = [{ accent: [-61, -85] }, { binary: [0, 127, -128, -1] }];
    const record = decodeRecord(event.records['mytopic-0']![0]!);
    expect(headerText(record, 'accent')).toBe('ë');
    expect([...record.headers[1]!.value]).toStrictEqual([0, 127, 128, 255]);
  });

  it('walks partitions with their records in offset order', () => {
    const event = loadMskEvent('three-partitions');
    event.records['message-created-0']!.reverse();
    const partitions = partitionsOf(event);
    expect(partitions.map((partition) => partition.partitionKey)).toEqual([
      'message-created-0',
      'message-created-1',
      'message-created-2',
    ]);
    expect(partitions[0]!.records.map((record) => record.offset)).toEqual([7, 8]);
  });

  it.each([
    [null, /not an object/],
    [{ eventSource: 'aws:sqs', records: {} }, /eventSource is "aws:sqs"/],
    [{ eventSource: 'aws:kafka', records: [] }, /records is not an object/],
    [{ eventSource: 'aws:kafka', records: { 't-0': {} } }, /records\["t-0"\] is not an array/],
    [{ eventSource: 'SelfManagedKafka', records: { 't-0': [{ topic: 't' }] } }, /lacks topic, partition or offset/],
  ])('rejects %j with a message naming the expected shape', (event, problem) => {
    expect(() => assertIsKafkaEvent(event)).toThrow(problem);
    expect(() => assertIsKafkaEvent(event)).toThrow(/Expected \{eventSource/);
  });
});

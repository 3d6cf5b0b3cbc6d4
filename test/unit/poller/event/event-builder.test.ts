import type { KafkaMessage } from 'kafkajs';
import { encodedRecordBytes, encodeRecord, eventEnvelopeBytes, kafkaEventJson, recordOverheadBytes, recordPrefix, type EventSource } from '../../../../local/poller/event/event-builder';

const MSK: EventSource = { kind: 'msk', eventSourceArn: 'arn:aws:kafka:us-east-1:123456789012:cluster/c/u', bootstrapServers: 'b-1:9092' };

function message(fields: Partial<KafkaMessage> & { timestampType?: number }): KafkaMessage {
  const { timestampType, ...rest } = fields;
  return {
    key: null,
    value: null,
    timestamp: '1763700000000',
    attributes: 0,
    offset: '41',
    headers: {},
    ...rest,
    ...(timestampType !== undefined && { batchContext: { timestampType } }),
  } as KafkaMessage;
}

describe('event builder', () => {
  it.each<[string, Partial<KafkaMessage> & { timestampType?: number }]>([
    ['no key, no value, no headers', {}],
    ['key and value of every length mod 3', { key: Buffer.from('k'), value: Buffer.from('ab') }],
    ['a value of 3n bytes, log-append time', { value: Buffer.alloc(300, 7), timestampType: 1 }],
    ['headers with non-ASCII names and bytes, null and repeated', { value: Buffer.from('v'), headers: { 'naïve-ë': Buffer.from('hé'), empty: null as unknown as Buffer, twice: [Buffer.from('a'), Buffer.from([0, 255, 128])], text: 'x' as unknown as Buffer } }],
    ['a large offset and an old timestamp', { offset: '9007199254740', timestamp: '5', value: Buffer.from('z') }],
  ])('knows the bytes a record will take before it is encoded: %s', (_, fields) => {
    const prefix = recordPrefix('orders-ë', 12);
    expect(encodedRecordBytes(Buffer.byteLength(prefix), message(fields))).toBe(Buffer.byteLength(encodeRecord(prefix, message(fields)).json));
  });

  it('encodes a record as the JSON Lambda delivers: base64 key and value, headers as bytes', () => {
    const encoded = encodeRecord(
      recordPrefix('orders', 2),
      message({ key: Buffer.from('k1'), value: Buffer.from('{"a":1}'), headers: { 'trace-id': Buffer.from('hé'), empty: null as unknown as Buffer, twice: [Buffer.from('a'), Buffer.from('b')] } }),
    );
    expect(encoded).toMatchObject({ offset: 41, timestamp: 1763700000000 });
    expect(JSON.parse(encoded.json)).toEqual({
      topic: 'orders',
      partition: 2,
      offset: 41,
      timestamp: 1763700000000,
      timestampType: 'CREATE_TIME',
      key: Buffer.from('k1').toString('base64'),
      value: Buffer.from('{"a":1}').toString('base64'),
      headers: [{ 'trace-id': [104, -61, -87] }, {}, { twice: [97] }, { twice: [98] }],
    });
  });

  // Recorded MSK events carry header bytes as Java's signed bytes: powertools-lambda-python
  // issue 6862 (`ë` as [-61, -85]) and dd-trace-java issue 4794.
  it('writes header bytes as Java does, signed: ë is [-61,-85], 0x80 is -128, 0xff is -1', () => {
    const encoded = encodeRecord(recordPrefix('t', 0), message({ headers: { name: Buffer.from('ë'), binary: Buffer.from([0x00, 0x7f, 0x80, 0xff]) } }));
    expect(JSON.parse(encoded.json).headers).toStrictEqual([{ name: [-61, -85] }, { binary: [0, 127, -128, -1] }]);
  });

  it('leaves out a null key and a null value, and marks log-append time', () => {
    const record = JSON.parse(encodeRecord(recordPrefix('t', 0), message({ timestampType: 1 })).json);
    expect(record).toEqual({ topic: 't', partition: 0, offset: 41, timestamp: 1763700000000, timestampType: 'LOG_APPEND_TIME', headers: [] });
    expect(Object.keys(record)).not.toContain('key');
  });

  it('assembles the event around the records, leaving out partitions with none, with the exact byte count', () => {
    const first = encodeRecord(recordPrefix('t', 0), message({ value: Buffer.from('x') })).json;
    const second = encodeRecord(recordPrefix('t', 1), message({ value: Buffer.from('ü') })).json;
    const payload = kafkaEventJson(MSK, [
      { topic: 't', partition: 0, records: [first] },
      { topic: 't', partition: 1, records: [second] },
      { topic: 't', partition: 2, records: [] },
    ]);
    expect(JSON.parse(payload)).toEqual({
      eventSource: 'aws:kafka',
      eventSourceArn: MSK.eventSourceArn,
      bootstrapServers: 'b-1:9092',
      records: { 't-0': [JSON.parse(first)], 't-1': [JSON.parse(second)] },
    });
    // What the poller counts against the 6 MB limit never falls short of the real payload.
    const counted = eventEnvelopeBytes(MSK) + [first, second].reduce((sum, json) => sum + Buffer.byteLength(json) + recordOverheadBytes('t', 0), 0);
    expect(counted).toBeGreaterThanOrEqual(Buffer.byteLength(payload));
    expect(counted - Buffer.byteLength(payload)).toBeLessThanOrEqual(recordOverheadBytes('t', 0) + 1);
  });

  it('writes a self-managed event without an ARN', () => {
    expect(JSON.parse(kafkaEventJson({ kind: 'kafka', bootstrapServers: 'h:9092' }, []))).toEqual({ eventSource: 'SelfManagedKafka', bootstrapServers: 'h:9092', records: {} });
  });
});

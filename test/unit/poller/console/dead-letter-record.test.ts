import { readDeadLetter } from '../../../../local/poller/console/dead-letter-record';
import type { ReadRecord } from '../../../../local/poller/console/topic-reader';
import { onFailureRecords } from '../../../../local/poller/event/on-failure-record';
import { deadLetterFor } from '../../../../shared/dead-letter';

const original = {
  topic: 'message-created',
  partition: 2,
  offset: 41,
  timestamp: 1_764_000_000_000,
  timestampType: 'CREATE_TIME' as const,
  key: Buffer.from('user-7'),
  value: Buffer.from('not json {'),
  headers: [{ key: 'trace-id', value: Buffer.from('abc') }],
};

function readRecord(fields: Partial<ReadRecord>): ReadRecord {
  return { topic: 'dlq', partition: 0, offset: 5, timestamp: 1_764_000_001_000, key: null, value: null, headers: [], ...fields };
}

describe('readDeadLetter', () => {
  it("reads this project's dead letters: reason and source from their headers, the original from their value", () => {
    const letter = deadLetterFor(original, 'NOT_JSON', ['Unexpected end of JSON input'], new Date());
    const entry = readDeadLetter(
      readRecord({ key: letter.key, value: Buffer.from(letter.value), headers: Object.entries(letter.headers).map(([key, value]) => ({ key, value: Buffer.from(value) })) }),
    );
    expect(entry).toMatchObject({ reason: 'NOT_JSON', source: 'message-created-2@41' });
    expect(entry.original).toEqual({ topic: 'message-created', partition: 2, offset: 41, key: original.key, value: original.value, headers: original.headers });
  });

  // AWS's on-failure record, as the poller writes it to a kafka:// destination (the kafka-on-failure-destination guide page).
  it("reads AWS's on-failure records: the condition, and the failed record inside the payload", () => {
    const record = {
      topic: 'orders',
      partition: 1,
      offset: 9,
      timestamp: 1_764_000_000_000,
      timestampType: 'CREATE_TIME' as const,
      key: Buffer.from('k').toString('base64'),
      value: Buffer.from('{"id":1}').toString('base64'),
      headers: [{ 'content-type': [...Buffer.from('application/json')] }],
    };
    const [failed] = onFailureRecords(
      { records: [record], condition: 'RetryAttemptsExhausted', requestId: 'r-1', attempts: 3, outcome: { status: 'error', errorType: 'Error', errorMessage: 'boom', durationMs: 5 } },
      { kind: 'msk', eventSourceArn: 'arn:aws:kafka:us-east-1:000000000000:cluster/c/1', bootstrapServers: 'b:9092' },
      'arn:aws:lambda:us-east-1:000000000000:function:consume',
      new Date(),
    );
    const entry = readDeadLetter(readRecord({ key: Buffer.from('k'), value: Buffer.from(JSON.stringify(failed!.value)) }));
    expect(entry).toMatchObject({ reason: 'RetriesExhausted (Unhandled)', source: 'orders-1@9' });
    expect(entry.original).toEqual({
      topic: 'orders',
      partition: 1,
      offset: 9,
      key: Buffer.from('k'),
      value: Buffer.from('{"id":1}'),
      headers: [{ key: 'content-type', value: Buffer.from('application/json') }],
    });
  });

  it("reads Kafka Connect's error headers, whose record is the original itself", () => {
    const headers = [
      ['__connect.errors.topic', 'orders'],
      ['__connect.errors.partition', '0'],
      ['__connect.errors.offset', '12'],
      ['__connect.errors.exception.message', 'Converting byte[] to Kafka Connect data failed'],
      ['trace-id', 'abc'],
    ].map(([key, value]) => ({ key: key!, value: Buffer.from(value!) }));
    const entry = readDeadLetter(readRecord({ key: Buffer.from('k'), value: Buffer.from('raw'), headers }));
    expect(entry).toMatchObject({ reason: 'Converting byte[] to Kafka Connect data failed', source: 'orders-0@12' });
    expect(entry.original).toEqual({ topic: 'orders', partition: 0, offset: 12, key: Buffer.from('k'), value: Buffer.from('raw'), headers: [{ key: 'trace-id', value: Buffer.from('abc') }] });
  });

  it('shows a record that says nothing of its origin, and offers no "send again" for it', () => {
    const entry = readDeadLetter(readRecord({ value: Buffer.from('{"hello":"world"}') }));
    expect(entry).toMatchObject({ reason: 'unknown (no dead-letter headers)', source: undefined, original: undefined, shown: { value: { json: { hello: 'world' } } } });
  });
});

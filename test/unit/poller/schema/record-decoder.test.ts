import avro from 'avsc';
import type { KafkaMessage } from 'kafkajs';
import { deflateSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { recordPrefix } from '../../../../local/poller/event/event-builder';
import { RegistryUnavailableError, SchemaNotFoundError } from '../../../../local/poller/schema/errors';
import { SchemaDecoder } from '../../../../local/poller/schema/record-decoder';
import { isUndecodable, type DecodedRecord, type RecordIntake } from '../../../../local/poller/schema/record-intake';
import type { RegistryClient, RegistrySchema } from '../../../../local/poller/schema/registry-client';
import type { SchemaRegistryConfig } from '../../../../local/poller/settings/schema-registry-config';

const AVRO_SCHEMA = JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'sensor', type: 'string' }, { name: 'celsius', type: 'double' }] });
const PROTO_SCHEMA = 'syntax = "proto3"; message Reading { string sensor = 1; int64 count = 2; string sensor_kind = 3; }';
const GLUE_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const avroReading = avro.Type.forSchema(JSON.parse(AVRO_SCHEMA) as avro.Schema);
const protoReading = protobuf.parse(PROTO_SCHEMA).root.lookupType('Reading');

/** A registry held in memory: the decoder's logic alone, counting what it is asked. */
class MemoryRegistry implements RegistryClient {
  readonly asked: string[] = [];
  unavailableTimes = 0;
  constructor(
    readonly kind: 'confluent' | 'glue',
    private readonly schemas: Record<string, RegistrySchema>,
  ) {}
  async fetchSchema(schemaId: string): Promise<RegistrySchema> {
    this.asked.push(schemaId);
    if (this.unavailableTimes > 0) {
      this.unavailableTimes -= 1;
      throw new RegistryUnavailableError('connection refused');
    }
    const schema = this.schemas[schemaId];
    if (!schema) throw new SchemaNotFoundError(`no schema ${schemaId}`);
    return schema;
  }
  close(): void {}
}

const config = (eventRecordFormat: 'JSON' | 'SOURCE', attributes: ('KEY' | 'VALUE')[] = ['VALUE']): SchemaRegistryConfig => ({ schemaRegistryURI: 'http://registry', eventRecordFormat, attributes, accessConfigs: [] });

function confluent(id: number, payload: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, payload]);
}

function glue(payload: Buffer, compressed = false): Buffer {
  return Buffer.concat([Buffer.from([3, compressed ? 5 : 0]), Buffer.from(GLUE_ID.replaceAll('-', ''), 'hex'), compressed ? deflateSync(payload) : payload]);
}

function message(offset: number, value: Buffer | null, key: Buffer | null = Buffer.from('k')): KafkaMessage {
  return { offset: String(offset), timestamp: '1700000000000', key, value, headers: {}, attributes: 0 } as KafkaMessage;
}

async function decodeAll(decoder: SchemaDecoder, messages: KafkaMessage[]): Promise<RecordIntake[]> {
  const decoded = await decoder.decodeBatch(recordPrefix('t', 0), messages, async () => undefined);
  return messages.map((entry) => decoded.get(entry)!);
}

function eventRecord(intake: RecordIntake | undefined): Record<string, unknown> {
  return JSON.parse((intake as DecodedRecord).encoded.json) as Record<string, unknown>;
}

const options = { onUnavailable: () => undefined, signal: new AbortController().signal, retryBaseMs: 1 };

describe('SchemaDecoder', () => {
  const registry = () => new MemoryRegistry('confluent', { '7': { dataFormat: 'AVRO', schema: AVRO_SCHEMA }, '8': { dataFormat: 'PROTOBUF', schema: PROTO_SCHEMA } });

  it('JSON: the value becomes its decoded JSON, the record gains valueSchemaMetadata, the filter sees the decoded value', async () => {
    const [intake] = await decodeAll(new SchemaDecoder(config('JSON'), registry(), options), [message(0, confluent(7, avroReading.toBuffer({ sensor: 's1', celsius: 21.5 })))]);
    const record = eventRecord(intake);
    expect(Buffer.from(record.value as string, 'base64').toString()).toBe('{"sensor":"s1","celsius":21.5}');
    expect(record.valueSchemaMetadata).toEqual({ dataFormat: 'AVRO', schemaId: '7' });
    expect((intake as DecodedRecord).filterValue?.toString()).toBe('{"sensor":"s1","celsius":21.5}');
  });

  it('SOURCE: the value keeps its bytes without the framing, the filter still sees the decoded value', async () => {
    const payload = avroReading.toBuffer({ sensor: 's1', celsius: 21.5 });
    const [intake] = await decodeAll(new SchemaDecoder(config('SOURCE'), registry(), options), [message(0, confluent(7, payload))]);
    expect(eventRecord(intake).value).toBe(payload.toString('base64'));
    expect((intake as DecodedRecord).filterValue?.toString()).toBe('{"sensor":"s1","celsius":21.5}');
  });

  it("Protobuf: a lone 0 as message indexes selects the first message; JSON as Protobuf's JSON mapping writes it (longs as strings, lowerCamelCase names)", async () => {
    const payload = protoReading.encode(protoReading.fromObject({ sensor: 's2', count: 5, sensorKind: 'probe' })).finish();
    const [intake] = await decodeAll(new SchemaDecoder(config('JSON'), registry(), options), [message(0, confluent(8, Buffer.concat([Buffer.from([0]), payload])))]);
    expect(Buffer.from(eventRecord(intake).value as string, 'base64').toString()).toBe('{"sensor":"s2","count":"5","sensorKind":"probe"}');
  });

  it('decodes the key too when KEY is validated, and leaves a null key and a tombstone as they are', async () => {
    const framed = confluent(7, avroReading.toBuffer({ sensor: 'k', celsius: 1 }));
    const [both, tombstone] = await decodeAll(new SchemaDecoder(config('JSON', ['KEY', 'VALUE']), registry(), options), [message(0, framed, framed), message(1, null, null)]);
    expect(eventRecord(both)).toMatchObject({ keySchemaMetadata: { dataFormat: 'AVRO', schemaId: '7' }, valueSchemaMetadata: { dataFormat: 'AVRO', schemaId: '7' } });
    const record = eventRecord(tombstone);
    expect(record).not.toHaveProperty('value');
    expect(record).not.toHaveProperty('key');
    expect(record).not.toHaveProperty('valueSchemaMetadata');
  });

  it.each([
    ['an id the registry does not know', 'SCHEMA_NOT_FOUND', confluent(99, Buffer.from([2, 65]))],
    ['bytes without the magic byte', 'DESERIALIZATION_ERROR', Buffer.from('{"plain":"json"}')],
    ['a truncated Avro record', 'DESERIALIZATION_ERROR', confluent(7, avroReading.toBuffer({ sensor: 's1', celsius: 1 }).subarray(0, 4))],
    ['Avro with trailing bytes', 'DESERIALIZATION_ERROR', confluent(7, Buffer.concat([avroReading.toBuffer({ sensor: 's1', celsius: 1 }), Buffer.from([1])]))],
  ])('fails %s with %s, keeping the record as it was fetched', async (_what, reason, value) => {
    const [intake] = await decodeAll(new SchemaDecoder(config('JSON'), registry(), options), [message(4, value)]);
    expect(isUndecodable(intake!)).toBe(true);
    expect(intake).toMatchObject({ reason, record: { offset: 4, value: value.toString('base64') } });
  });

  it('fetches each schema once, however many records name it', async () => {
    const memory = registry();
    const value = confluent(7, avroReading.toBuffer({ sensor: 's1', celsius: 1 }));
    const decoder = new SchemaDecoder(config('JSON'), memory, options);
    await decodeAll(decoder, [message(0, value), message(1, value)]);
    await decodeAll(decoder, [message(2, value)]);
    expect(memory.asked).toEqual(['7']);
  });

  it('waits for a registry that does not answer, saying why, instead of failing records', async () => {
    const memory = registry();
    memory.unavailableTimes = 2;
    const causes: string[] = [];
    const decoder = new SchemaDecoder(config('JSON'), memory, { ...options, onUnavailable: (cause) => causes.push(cause) });
    const [intake] = await decodeAll(decoder, [message(0, confluent(7, avroReading.toBuffer({ sensor: 's1', celsius: 1 })))]);
    expect(causes).toEqual(['connection refused', 'connection refused']);
    expect(isUndecodable(intake!)).toBe(false);
  });

  it('reads the Glue wire format, zlib-compressed or not, with the schema version UUID as schemaId', async () => {
    const glueRegistry = new MemoryRegistry('glue', { [GLUE_ID]: { dataFormat: 'AVRO', schema: AVRO_SCHEMA } });
    const payload = avroReading.toBuffer({ sensor: 'g', celsius: 2 });
    const intakes = await decodeAll(new SchemaDecoder(config('SOURCE'), glueRegistry, options), [message(0, glue(payload)), message(1, glue(payload, true))]);
    for (const intake of intakes) expect(eventRecord(intake)).toMatchObject({ value: payload.toString('base64'), valueSchemaMetadata: { dataFormat: 'AVRO', schemaId: GLUE_ID } });
  });

  it('validates JSON Schema records: JSON that breaks the schema does not decode', async () => {
    const jsonRegistry = new MemoryRegistry('confluent', { '3': { dataFormat: 'JSON', schema: JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }) } });
    const [good, bad] = await decodeAll(new SchemaDecoder(config('JSON'), jsonRegistry, options), [message(0, confluent(3, Buffer.from('{"id":1}'))), message(1, confluent(3, Buffer.from('{"id":"x"}')))]);
    expect(eventRecord(good).valueSchemaMetadata).toEqual({ dataFormat: 'JSON', schemaId: '3' });
    expect(bad).toMatchObject({ reason: 'DESERIALIZATION_ERROR' });
  });
});

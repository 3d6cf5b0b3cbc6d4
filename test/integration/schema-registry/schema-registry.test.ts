import avro from 'avsc';
import protobuf from 'protobufjs';
import { committedOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { writeWithJavaClient } from '../../helpers/java-producer';
import { testBrokers } from '../../helpers/kafka';
import { onFailureTopicSettings, readOnFailureRecords } from '../../helpers/on-failure-topic';
import { PollerService, PROVISIONED_MODE } from '../../helpers/poller-service';
import { errorLines } from '../../helpers/poller-status';
import { freePorts } from '../../helpers/ports';
import { waitUntil } from '../../helpers/wait';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { ConfluentRegistry } from '../../../local/poller/schema/confluent-registry';
import { writeAvroThroughRegistry } from '../../helpers/registry-producer';
import { confluentFramed, latestSchemaId, registerSchema, useSchemaRegistry } from '../../helpers/schema-registry';
import { ORDER_AVRO_SCHEMA, ORDER_JSON_SCHEMA, ORDER_PROTO_MESSAGE, ORDER_PROTO_SCHEMA, SCHEMAS_ENV } from '../../fixtures/schema-registry/schemas';
import path from 'node:path';

const POWERTOOLS_HANDLER = path.resolve(__dirname, '../../fixtures/schema-registry/powertools-handler');
const UNKNOWN_SCHEMA_ID = 987_654;
/** `Order` is the second message of the .proto file: Confluent frames it with the indexes [1], written 0x02 0x02 (zigzag count, index). */
const SECOND_MESSAGE_INDEXES = Uint8Array.of(0x02, 0x02);

interface PowertoolsDelivery {
  event: { records: Record<string, Record<string, unknown>[]> };
  readValues: { offset: number; key: unknown; value: unknown; dataFormat?: string }[];
}

const avroOrder = avro.Type.forSchema(JSON.parse(ORDER_AVRO_SCHEMA) as avro.Schema);
const protoOrder = protobuf.parse(ORDER_PROTO_SCHEMA, { keepCase: true }).root.lookupType(ORDER_PROTO_MESSAGE);

const orders = {
  avro: { id: 'o-1', status: 'active', amount: 12.5, items: ['a', 'b'] },
  avroCancelled: { id: 'o-2', status: 'cancelled', amount: 3, items: [] },
  protobuf: { id: 'o-3', status: 'active', quantity: 3, items: ['c'] },
  json: { id: 'o-4', status: 'active', total: 7 },
};

describe('schema registry: records decoded as the mapping decodes them', () => {
  const broker = usePollerTestBroker();
  const registry = useSchemaRegistry();

  /** Written once for both tests, as producers writing through the registry frame them; `values` by offset (the Avro ones left empty). */
  const produced = {} as { topic: string; avroId: number; protoId: number; jsonId: number; avroPayload: Buffer; protoPayload: Buffer; values: Buffer[] };

  beforeAll(async () => {
    const topic = await broker.topic('schema-orders', 1);
    // The Avro orders come from a Java service's producer with Apicurio's Avro serializer, which
    // registers the schema itself; Protobuf and JSON Schema values are registered through
    // Confluent's API and framed here (Apicurio 2.x's Protobuf serializer writes its own framing,
    // not Confluent's message indexes), then written with Kafka's Java client as well.
    await writeAvroThroughRegistry({
      bootstrapServers: testBrokers(),
      topic,
      registryUrl: registry.url,
      schema: ORDER_AVRO_SCHEMA,
      records: [orders.avro, orders.avroCancelled].map((value, index) => ({ partition: 0, key: `k${index}`, value })),
    });
    const [avroId, protoId, jsonId] = await Promise.all([
      latestSchemaId(registry.url, `${topic}-value`),
      registerSchema(registry.url, `${topic}-proto-value`, 'PROTOBUF', ORDER_PROTO_SCHEMA),
      registerSchema(registry.url, `${topic}-json-value`, 'JSON', ORDER_JSON_SCHEMA),
    ]);
    const avroPayload = avroOrder.toBuffer(orders.avro);
    const protoPayload = Buffer.from(protoOrder.encode(protoOrder.fromObject(orders.protobuf)).finish());
    const values = [
      confluentFramed(protoId, protoPayload, SECOND_MESSAGE_INDEXES),
      confluentFramed(jsonId, Buffer.from(JSON.stringify(orders.json))),
      confluentFramed(UNKNOWN_SCHEMA_ID, avroPayload),
      confluentFramed(avroId, avroPayload.subarray(0, avroPayload.length - 3)),
      confluentFramed(jsonId, Buffer.from('{"id":"o-7"}')),
    ];
    await writeWithJavaClient({
      bootstrapServers: testBrokers(),
      topic,
      steps: values.map((value, index) => ({ type: 'send', partition: 0, key: Buffer.from(`k${index + 2}`), value })),
    });
    Object.assign(produced, { topic, avroId, protoId, jsonId, avroPayload, protoPayload, values: [Buffer.alloc(0), Buffer.alloc(0), ...values] });
  }, 120_000);

  /** One mapping on the produced topic, with the filter on the decoded `status` and an on-failure topic; resolves once it committed everything. */
  async function runMapping(eventRecordFormat: 'JSON' | 'SOURCE'): Promise<{ service: PollerService; dlq: string }> {
    const dlq = await broker.topic(`schema-dlq-${eventRecordFormat.toLowerCase()}`, 1);
    const { event, mapping } = onFailureTopicSettings(dlq, {
      schemaRegistryConfig: { schemaRegistryURI: registry.url, eventRecordFormat, schemaValidationConfigs: [{ attribute: 'VALUE' }] },
    });
    const service = new PollerService({
      topic: produced.topic,
      handlerModule: POWERTOOLS_HANDLER,
      environment: { [SCHEMAS_ENV]: eventRecordFormat },
      event: { ...event, filterPatterns: [{ value: { status: ['active'] } }] },
      mapping,
    });
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, produced.topic).catch((error: Error) => {
      throw new Error(`${error.message}\npoller log:\n${poller.lines.map((line) => JSON.stringify(line)).join('\n')}`);
    });
    return { service, dlq };
  }

  const delivered = (service: PollerService) => service.deliveries() as unknown as PowertoolsDelivery[];
  const eventRecords = (service: PollerService) =>
    delivered(service).flatMap(({ event }) => Object.values(event.records).flat().map(({ offset, value, valueSchemaMetadata }) => ({ offset, value, valueSchemaMetadata })));
  const read = (service: PollerService) => delivered(service).flatMap(({ readValues }) => readValues);
  const base64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
  const metadata = (dataFormat: string, id: number) => ({ valueSchemaMetadata: { dataFormat, schemaId: String(id) } });

  /** What Powertools' kafkaConsumer reads in either format: the orders written, the cancelled one filtered out on its decoded Avro `status`. */
  const expectedReads = () => [
    { offset: 0, key: 'k0', value: orders.avro, dataFormat: 'AVRO' },
    { offset: 2, key: 'k2', value: { ...orders.protobuf, quantity: '3' }, dataFormat: 'PROTOBUF' },
    { offset: 3, key: 'k3', value: orders.json, dataFormat: 'JSON' },
  ];

  /** An unknown schema id and bytes that do not decode (a truncated Avro record, JSON its schema refuses) reach the on-failure topic with AWS's reasons, never the function. */
  async function expectUndecodableOnFailure(dlq: string): Promise<void> {
    const failures = await readOnFailureRecords(broker, dlq, 3);
    expect(failures.map(({ key, record }) => ({ key, condition: record.requestContext.condition, offset: record.KafkaBatchInfo.recordInfo.offset }))).toEqual([
      { key: 'k4', condition: 'SCHEMA_NOT_FOUND', offset: '4' },
      { key: 'k5', condition: 'DESERIALIZATION_ERROR', offset: '5' },
      { key: 'k6', condition: 'DESERIALIZATION_ERROR', offset: '6' },
    ]);
    const payloadRecord = Object.values((failures[0]!.record.payload as PowertoolsDelivery['event']).records).flat()[0]!;
    expect(payloadRecord.value).toBe(base64(produced.values[4]!));
  }

  // The records' shape follows Powertools' tests/events/avro.json and protobuf-complex.confluent.json
  // (events recorded from real mappings): valueSchemaMetadata {dataFormat, schemaId} with the id a string.
  it('JSON: delivers each decoded value as JSON, which a Powertools JSON handler reads, filtering on a decoded Avro field', async () => {
    const { service, dlq } = await runMapping('JSON');
    const { avroId, protoId, jsonId } = produced;
    expect(eventRecords(service)).toEqual([
      { offset: 0, value: base64(JSON.stringify(orders.avro)), ...metadata('AVRO', avroId) },
      { offset: 2, value: base64(JSON.stringify({ ...orders.protobuf, quantity: '3' })), ...metadata('PROTOBUF', protoId) },
      { offset: 3, value: base64(JSON.stringify(orders.json)), ...metadata('JSON', jsonId) },
    ]);
    expect(read(service)).toEqual(expectedReads());
    await expectUndecodableOnFailure(dlq);
  });

  it('SOURCE: delivers the bytes without magic byte and schema id (Protobuf keeps its message indexes), which Powertools Avro, Protobuf and JSON handlers read', async () => {
    // Powertools' Avro deserializer loads the `avro-js` package, which its docs tell users to install.
    expect(() => require.resolve('avro-js')).not.toThrow();  // else: npm install --save-dev avro-js@1.12.2
    const { service, dlq } = await runMapping('SOURCE');
    const { avroId, protoId, jsonId, avroPayload, protoPayload } = produced;
    expect(eventRecords(service)).toEqual([
      { offset: 0, value: base64(avroPayload), ...metadata('AVRO', avroId) },
      // "AgIK...": the indexes 0x02 0x02 lead the value, as in protobuf-complex.confluent.json.
      { offset: 2, value: base64(Buffer.concat([SECOND_MESSAGE_INDEXES, protoPayload])), ...metadata('PROTOBUF', protoId) },
      { offset: 3, value: base64(JSON.stringify(orders.json)), ...metadata('JSON', jsonId) },
    ]);
    expect(read(service)).toEqual(expectedReads());
    await expectUndecodableOnFailure(dlq);
  });

  it('a registry that does not answer fails no record: the mapping shows PROBLEM, delivers and commits nothing meanwhile', async () => {
    const [closedPort] = (await freePorts(18_281, [0])) as [number];
    const unreachable = `http://127.0.0.1:${closedPort}/apis/ccompat/v7`;
    const service = new PollerService({
      topic: produced.topic,
      handlerModule: POWERTOOLS_HANDLER,
      environment: { [SCHEMAS_ENV]: 'JSON' },
      event: PROVISIONED_MODE,
      mapping: { schemaRegistryConfig: { schemaRegistryURI: unreachable, eventRecordFormat: 'JSON', schemaValidationConfigs: [{ attribute: 'VALUE' }] } },
    });
    const poller = await service.start();
    await waitUntil('the poller says it cannot reach the registry', () => errorLines(poller).length > 0, 30_000);
    expect(String(errorLines(poller)[0]!.lastProcessingResult)).toBe(`PROBLEM: the schema registry at ${unreachable} cannot be reached: connect ECONNREFUSED 127.0.0.1:${closedPort}`);
    expect(service.deliveries()).toEqual([]);
    expect(await committedOffsets(broker.admin, service.groupId, produced.topic)).toEqual([-1]);
  });

  it("reads a schema's references from the registry, as Confluent's API lists them", async () => {
    const money = JSON.stringify({ type: 'record', name: 'Money', namespace: 'shop', fields: [{ name: 'cents', type: 'long' }] });
    const order = JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'total', type: 'shop.Money' }] });
    const subject = `${produced.topic}-money`;
    await registerSchema(registry.url, subject, 'AVRO', money);
    const orderId = await registerSchema(registry.url, `${produced.topic}-order-value`, 'AVRO', order, [{ name: 'shop.Money', subject, version: 1 }]);
    const fetched = await new ConfluentRegistry(registry.url, async () => ({})).fetchSchema(String(orderId));
    expect(fetched).toEqual({ dataFormat: 'AVRO', schema: expect.stringContaining('"shop.Money"'), references: [{ name: 'shop.Money', schema: expect.stringContaining('"cents"') }] });
  });
});


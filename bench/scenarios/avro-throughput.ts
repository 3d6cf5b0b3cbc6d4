import avro from 'avsc';
import type { Message } from 'kafkajs';
import { schemaRegistryDown, schemaRegistryUp } from '../../local/schema-registry';
import { portIsFree } from '../../local/ports';
import type { ConsumerSpec } from '../consumers/consumer-run';
import { consume, noopPollerSpec, recordsPerSecond } from '../consumers/consume';
import type { PollerConsumerSpec } from '../consumers/poller-consumer';
import type { BenchContext } from '../context';
import { sampleRecord } from '../records';

const PARTITIONS = 3;
const SEND_CHUNK = 1_000;
const REGISTRY_INSTANCE = 'bench';
/** The bench's messages (1 KiB JSON) as an Avro record: the same content, Avro-encoded. */
const MESSAGE_SCHEMA = {
  type: 'record',
  name: 'Message',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'text', type: 'string' },
    { name: 'key', type: ['null', 'string'], default: null },
    { name: 'createdAt', type: 'string' },
  ],
};

async function freePort(): Promise<number> {
  for (let port = 18_181; ; port += 1) if (await portIsFree(port)) return port;
}

async function registerAvro(url: string, subject: string): Promise<number> {
  const response = await fetch(`${url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(MESSAGE_SCHEMA) }),
  });
  if (!response.ok) throw new Error(`registering ${subject}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: number }).id;
}

function confluentAvro(type: avro.Type, schemaId: number, record: Message): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, type.toBuffer(JSON.parse(String(record.value)))]);
}

/**
 * The poller on an Avro topic written in Confluent's wire format, decoded through a real
 * registry (Apicurio, started here) with `eventRecordFormat: JSON`, beside the same run's poller
 * on the same messages as plain JSON: what decoding costs per record.
 */
export async function avroThroughput(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, topics, progress, kafka } = context;
  const records = plan.throughputRecords;
  const { state, startedHere } = await schemaRegistryUp({ name: REGISTRY_INSTANCE, port: await freePort(), runtime: 'java', urlFromEnv: false, progress: (line) => progress(`registry: ${line}`) });
  try {
    const jsonTopic = await topics.create('bench-avro-json-baseline', PARTITIONS);
    const avroTopic = await topics.create('bench-avro', PARTITIONS);
    const schemaId = await registerAvro(state.url, `${avroTopic}-value`);
    const type = avro.Type.forSchema(MESSAGE_SCHEMA as avro.Schema);
    progress(`writing ${records.toLocaleString('en')} messages as JSON to ${jsonTopic} and as Avro (schema ${schemaId}) to ${avroTopic}`);
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (let sent = 0; sent < records; sent += SEND_CHUNK) {
        const chunk = Array.from({ length: Math.min(SEND_CHUNK, records - sent) }, sampleRecord);
        await producer.send({ topic: jsonTopic, acks: -1, messages: chunk });
        await producer.send({ topic: avroTopic, acks: -1, messages: chunk.map((record) => ({ ...record, value: confluentAvro(type, schemaId, record) })) });
      }
    } finally {
      await producer.disconnect();
    }
    const spec = (topic: string, prefix: string): ConsumerSpec => ({ brokers, topic, groupId: topics.group(prefix), startingPosition: 'TRIM_HORIZON', expectRecords: records });
    for (let run = 1; run <= plan.runs; run += 1) {
      const json = await consume('poller-consumer.ts', noopPollerSpec(spec(jsonTopic, 'bench-poller-json'), 1_000));
      const avroSpec: PollerConsumerSpec = {
        ...noopPollerSpec(spec(avroTopic, 'bench-poller-avro'), 1_000),
        schemaRegistry: { schemaRegistryURI: state.url, eventRecordFormat: 'JSON', attributes: ['VALUE'], accessConfigs: [] },
      };
      const decoded = await consume('poller-consumer.ts', avroSpec);
      figures.add('poller_rps_avro', recordsPerSecond(decoded));
      figures.add('poller_rps_avro_json_baseline', recordsPerSecond(json));
      figures.addRatio('poller_avro_vs_json', recordsPerSecond(decoded), recordsPerSecond(json));
      figures.add('poller_cpu_us_per_record_avro', (decoded.cpuMs * 1000) / decoded.records);
      progress(`avro run ${run}/${plan.runs}: poller ${Math.round(recordsPerSecond(decoded))}/s decoding Avro, ${Math.round(recordsPerSecond(json))}/s on JSON`);
    }
  } finally {
    if (startedHere) await schemaRegistryDown({ name: REGISTRY_INSTANCE });
  }
}

import type { IHeaders, KafkaMessage } from 'kafkajs';
import { MAX_PAYLOAD_BYTES } from '../aws-limits';
import type { KafkaEventRecord } from '../../../shared/kafka-event';

/** kafkajs keeps the batch's timestamp type on each message, outside its public types. */
type MessageWithBatchContext = KafkaMessage & { batchContext?: { timestampType?: number } };

const LOG_APPEND_TIME = 1;

export interface EventSource {
  kind: 'msk' | 'kafka';
  /** The MSK cluster ARN; only MSK events carry one. */
  eventSourceArn?: string;
  bootstrapServers: string;
}

/** Where a mapping's events say they come from: its kind, its MSK cluster ARN (msk only) and the brokers it reads. */
export function eventSourceOf(mapping: { source: EventSource['kind']; eventSourceArn?: string }, bootstrapServers: string): EventSource {
  return { kind: mapping.source, ...(mapping.eventSourceArn && { eventSourceArn: mapping.eventSourceArn }), bootstrapServers };
}

/**
 * A record encoded once, when its batch forms, as the JSON text it takes in the invocation payload.
 * The payload is assembled from these texts and parsed by the function's runtime, as Lambda's is:
 * no object per record is built, kept or copied to the function's thread on the way.
 */
export interface EncodedRecord {
  offset: number;
  timestamp: number;
  json: string;
  /** `json`'s length in UTF-8. */
  bytes: number;
}

/**
 * A header value's bytes as Lambda writes them: Java's signed bytes, -128..127, so `ë` is
 * `[-61,-85]`. Events recorded from real MSK mappings show it (powertools-lambda-python issue
 * 6862, dd-trace-java issue 4794); ASCII is the same either way.
 */
export function javaSignedBytes(value: Uint8Array): Int8Array {
  return new Int8Array(value.buffer, value.byteOffset, value.byteLength);
}

/** Each byte's text as a Java signed byte: 0xc3 is `-61`. */
const SIGNED_BYTE_TEXT = Array.from({ length: 256 }, (_, byte) => String(byte > 127 ? byte - 256 : byte));

/** `javaSignedBytes(value).join(',')`, at about half the cost of the typed array's generic join. */
function signedBytesJson(value: Uint8Array): string {
  if (value.length === 0) return '';
  let text = SIGNED_BYTE_TEXT[value[0]!]!;
  for (let index = 1; index < value.length; index += 1) text += `,${SIGNED_BYTE_TEXT[value[index]!]!}`;
  return text;
}

function headersJson(headers: IHeaders | undefined): string {
  let text = '';
  for (const name in headers) {
    const nameJson = JSON.stringify(name);
    const raw = headers[name];
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value === undefined) continue;
      if (text) text += ',';
      // Lambda writes a header whose value is null (Kafka allows it) as an empty object.
      text += value === null ? '{}' : `{${nameJson}:[${signedBytesJson(typeof value === 'string' ? Buffer.from(value) : value)}]}`;
    }
  }
  return text;
}

/**
 * The JSON that opens every record of one partition, up to its offset. Built once per fetched
 * batch; topic names are restricted to [a-zA-Z0-9._-], so the text needs no escaping beyond it.
 */
export function recordPrefix(topic: string, partition: number): string {
  return `{"topic":${JSON.stringify(topic)},"partition":${partition},"offset":`;
}

/**
 * One record exactly as Lambda's event source mapping delivers it: numbers for partition,
 * offset and timestamp, base64 key and value (left out when null), headers as an array of
 * one-entry objects holding the bytes. `prefix` is `recordPrefix(topic, partition)`.
 */
export function encodeRecord(prefix: string, message: KafkaMessage): EncodedRecord {
  const offset = Number(message.offset);
  const timestamp = Number(message.timestamp);
  const timestampType = (message as MessageWithBatchContext).batchContext?.timestampType === LOG_APPEND_TIME ? 'LOG_APPEND_TIME' : 'CREATE_TIME';
  const key = message.key === null ? '' : `,"key":"${message.key.toString('base64')}"`;
  const value = message.value === null ? '' : `,"value":"${message.value.toString('base64')}"`;
  const json = `${prefix}${offset},"timestamp":${timestamp},"timestampType":"${timestampType}"${key}${value},"headers":[${headersJson(message.headers)}]}`;
  // Counting flattens the text (built from many pieces) into one string, which the queue then holds compactly.
  return { offset, timestamp, json, bytes: Buffer.byteLength(json) };
}

/** Base64's length for `bytes` bytes. */
function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/**
 * `Buffer.byteLength(encodeRecord(prefix, message).json)` without building the text: what a
 * fetched record will add to its payload, so batches form by size while the records wait as
 * Kafka's bytes. `prefixBytes` is the byte length of `recordPrefix(topic, partition)`.
 */
export function encodedRecordBytes(prefixBytes: number, message: KafkaMessage): number {
  const timestampType = (message as MessageWithBatchContext).batchContext?.timestampType === LOG_APPEND_TIME ? 'LOG_APPEND_TIME' : 'CREATE_TIME';
  let bytes = prefixBytes + String(Number(message.offset)).length + ',"timestamp":'.length + String(Number(message.timestamp)).length;
  bytes += ',"timestampType":""'.length + timestampType.length;
  if (message.key !== null) bytes += ',"key":""'.length + base64Length(message.key.length);
  if (message.value !== null) bytes += ',"value":""'.length + base64Length(message.value.length);
  const headers = headersJson(message.headers);
  return bytes + ',"headers":[]}'.length + (headers === '' ? 0 : Buffer.byteLength(headers));
}

export interface PartitionRecords {
  topic: string;
  partition: number;
  /** Each an `EncodedRecord.json`. */
  records: string[];
}

/** The invocation payload, as JSON text: the event's envelope around the encoded records. */
export function kafkaEventJson(source: EventSource, partitions: PartitionRecords[]): string {
  const envelope = JSON.stringify(source.kind === 'msk' ? { eventSource: 'aws:kafka', eventSourceArn: source.eventSourceArn, bootstrapServers: source.bootstrapServers } : { eventSource: 'SelfManagedKafka', bootstrapServers: source.bootstrapServers });
  const records = partitions
    .filter((part) => part.records.length > 0)
    .map((part) => `${JSON.stringify(`${part.topic}-${part.partition}`)}:[${part.records.join(',')}]`);
  return `${envelope.slice(0, -1)},"records":{${records.join(',')}}}`;
}

export function decodeRecord(json: string): KafkaEventRecord {
  return JSON.parse(json) as KafkaEventRecord;
}

/**
 * The bytes each record of a partition adds to the payload beside its own JSON: the comma before
 * the next record, and the partition's key (`"<topic>-<p>":[],`), counted with every record of
 * the partition, so a little over for all but the first.
 */
export function recordOverheadBytes(topic: string, partition: number): number {
  return 1 + Buffer.byteLength(`"${topic}-${partition}":[],`);
}

/** The bytes of the event around its records, which every invocation's payload carries too. */
export function eventEnvelopeBytes(source: EventSource): number {
  return Buffer.byteLength(kafkaEventJson(source, []));
}

/** The bytes the records of one invocation may take: the payload limit less the event's own fields. */
export function recordBytesLimit(source: EventSource): number {
  return MAX_PAYLOAD_BYTES - eventEnvelopeBytes(source);
}

import { showBytes, type KafkaEventRecordLike, type ShownBytes } from './record-view';
import type { ReadRecord } from './topic-reader';

/** A record as it was before it was dead-lettered: what "send again" produces. */
export interface OriginalRecord {
  topic: string;
  partition: number;
  offset: number | undefined;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer }[];
}

/** A record of a dead-letter or on-failure topic, read: why it is there and where it came from. */
export interface DeadLetterEntry {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  reason: string;
  /** `topic-partition@offset` of the original, when the record says. */
  source: string | undefined;
  /** What "send again" would produce; absent when the record does not say what the original was. */
  original: OriginalRecord | undefined;
  shown: { key: ShownBytes; value: ShownBytes; headers: Record<string, ShownBytes> };
}

/** Headers a dead-letter writer sets (this project's functions; Kafka Connect's error reporter). */
const REASON_HEADERS = ['dead-letter-reason', '__connect.errors.exception.message'];
const SOURCE_HEADER = 'dead-letter-source';
const CONNECT = { topic: '__connect.errors.topic', partition: '__connect.errors.partition', offset: '__connect.errors.offset' };

function header(record: ReadRecord, name: string): string | undefined {
  return record.headers.find((entry) => entry.key === name)?.value.toString('utf8');
}

function parseJson(bytes: Buffer | null): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function base64(value: unknown): Buffer | null {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : null;
}

/** AWS's on-failure record (a Kafka destination's): the failed record inside `payload.records`. */
function fromOnFailureRecord(value: Record<string, unknown>): { reason: string; original: OriginalRecord } | undefined {
  const context = value.requestContext as { condition?: unknown; requestId?: unknown } | undefined;
  const response = value.responseContext as { functionError?: unknown } | undefined;
  const payload = value.payload as { records?: Record<string, KafkaEventRecordLike[]> } | undefined;
  const record = Object.values(payload?.records ?? {})[0]?.[0];
  if (typeof context?.condition !== 'string' || !record || typeof record.topic !== 'string') return undefined;
  const functionError = typeof response?.functionError === 'string' && response.functionError ? ` (${response.functionError})` : '';
  return {
    reason: `${context.condition}${functionError}`,
    original: {
      topic: record.topic,
      partition: Number(record.partition),
      offset: Number(record.offset),
      key: base64(record.key),
      value: base64(record.value),
      headers: (record.headers ?? []).flatMap((entry) => Object.entries(entry).map(([key, bytes]) => ({ key, value: Buffer.from(bytes) }))),
    },
  };
}

/** `topic-partition@offset`. */
function parseSource(text: string | undefined): { topic: string; partition: number; offset: number } | undefined {
  const match = text?.match(/^(.+)-(\d+)@(\d+)$/);
  return match ? { topic: match[1]!, partition: Number(match[2]), offset: Number(match[3]) } : undefined;
}

/**
 * The original of a header-marked dead letter: a value that carries the original's key, value
 * and headers as base64 (this project's dead letters), else the dead letter itself without the
 * marking headers (Kafka Connect's, which keep the original's bytes).
 */
function originalBytes(record: ReadRecord, value: Record<string, unknown> | undefined): Pick<OriginalRecord, 'key' | 'value' | 'headers'> {
  if (value && 'value' in value && (typeof value.value === 'string' || value.value === null) && Array.isArray(value.headers)) {
    return {
      key: base64(value.key),
      value: base64(value.value),
      headers: (value.headers as { key?: unknown; value?: unknown }[]).flatMap((entry) =>
        typeof entry.key === 'string' && typeof entry.value === 'string' ? [{ key: entry.key, value: Buffer.from(entry.value, 'base64') }] : [],
      ),
    };
  }
  const marking = new Set([...REASON_HEADERS, SOURCE_HEADER, ...Object.values(CONNECT)]);
  return { key: record.key, value: record.value, headers: record.headers.filter((entry) => !entry.key.startsWith('__connect.errors.') && !marking.has(entry.key)) };
}

export function readDeadLetter(record: ReadRecord): DeadLetterEntry {
  const value = parseJson(record.value);
  const shown = {
    key: showBytes(record.key),
    value: showBytes(record.value),
    headers: Object.fromEntries(record.headers.map((entry) => [entry.key, showBytes(entry.value)])),
  };
  const base = { topic: record.topic, partition: record.partition, offset: record.offset, timestamp: record.timestamp, shown };
  const onFailure = value && fromOnFailureRecord(value);
  if (onFailure) {
    const { original } = onFailure;
    return { ...base, reason: onFailure.reason, source: `${original.topic}-${original.partition}@${original.offset}`, original };
  }
  const reason = REASON_HEADERS.map((name) => header(record, name)).find((found) => found !== undefined);
  const connectTopic = header(record, CONNECT.topic);
  const source = parseSource(header(record, SOURCE_HEADER)) ?? (connectTopic ? { topic: connectTopic, partition: Number(header(record, CONNECT.partition)), offset: Number(header(record, CONNECT.offset)) } : undefined);
  if (!source) return { ...base, reason: reason ?? 'unknown (no dead-letter headers)', source: undefined, original: undefined };
  return {
    ...base,
    reason: reason ?? 'unknown',
    source: `${source.topic}-${source.partition}@${source.offset}`,
    original: { topic: source.topic, partition: source.partition, offset: source.offset, ...originalBytes(record, value) },
  };
}

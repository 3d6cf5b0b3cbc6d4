/** A Kafka record's bytes as the console shows them: JSON parsed, text as text, anything else as base64. */
export type ShownBytes = { json: unknown } | { text: string } | { base64: string } | null;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function showBytes(bytes: Buffer | null | undefined): ShownBytes {
  if (!bytes) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { base64: bytes.toString('base64') };
  }
  try {
    return { json: JSON.parse(text) };
  } catch {
    // eslint-disable-next-line no-control-regex
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? { base64: bytes.toString('base64') } : { text };
  }
}

export interface KafkaEventRecordLike {
  key?: string;
  value?: string | null;
  headers?: Record<string, number[]>[];
  [field: string]: unknown;
}

/** An event as the function got it, with each record's key, value and headers decoded beside their base64. */
export function decodeEvent(payload: string): unknown {
  const event = JSON.parse(payload) as { records?: Record<string, KafkaEventRecordLike[]> };
  if (!event.records) return event;
  const records = Object.fromEntries(
    Object.entries(event.records).map(([partition, list]) => [partition, list.map((record) => ({ decoded: decodeEventRecord(record), ...record }))]),
  );
  return { ...event, records };
}

export function decodeEventRecord(record: KafkaEventRecordLike): { key: ShownBytes; value: ShownBytes; headers: Record<string, ShownBytes> } {
  return {
    key: typeof record.key === 'string' ? showBytes(Buffer.from(record.key, 'base64')) : null,
    value: typeof record.value === 'string' ? showBytes(Buffer.from(record.value, 'base64')) : null,
    headers: Object.fromEntries((record.headers ?? []).flatMap((header) => Object.entries(header).map(([name, bytes]) => [name, showBytes(Buffer.from(bytes))]))),
  };
}

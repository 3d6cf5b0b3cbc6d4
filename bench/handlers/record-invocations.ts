import fs from 'node:fs';
import type { KafkaEvent } from '../../shared/kafka-event';

/**
 * The end-to-end scenario's function: on entry it appends "<message id> <epoch ms>" per record
 * to BENCH_INVOCATIONS_FILE, so latency ends where the handler is invoked with the record. The
 * clock is `performance.timeOrigin + performance.now()`, sub-millisecond and comparable with the
 * bench process's. Records that are not the project's messages are skipped.
 */
const file = process.env.BENCH_INVOCATIONS_FILE;
if (!file) throw new Error('BENCH_INVOCATIONS_FILE is not set');

function messageId(value: string | undefined): string | undefined {
  try {
    const id: unknown = value && (JSON.parse(Buffer.from(value, 'base64').toString()) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

export const handler = async (event: KafkaEvent): Promise<void> => {
  const invokedAt = performance.timeOrigin + performance.now();
  const lines: string[] = [];
  for (const records of Object.values(event.records)) {
    for (const record of records) {
      const id = messageId(record.value);
      if (id) lines.push(`${id} ${invokedAt}\n`);
    }
  }
  if (lines.length > 0) fs.appendFileSync(file, lines.join(''));
};

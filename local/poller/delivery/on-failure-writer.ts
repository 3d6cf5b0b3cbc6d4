import { setTimeout as sleep } from 'node:timers/promises';
import { RETRY_BACKOFF_MS } from '../aws-limits';
import type { EventSource } from '../event/event-builder';
import { onFailureRecords, type FailedBatch } from '../event/on-failure-record';
import type { LambdaFunction } from '../runtime/function-runtime';
import { functionArn } from '../runtime/protocol';
import type { OnFailureDestination } from '../settings/destination';
import type { PipelineEvents } from './pipeline-events';

/** One message for a Kafka topic: the failed record's own key, the on-failure record as JSON. */
export interface OnFailureMessage {
  key: Buffer | null;
  value: string;
}

export interface OnFailureWriterOptions {
  destination: OnFailureDestination | undefined;
  fn: LambdaFunction;
  source: EventSource;
  /** Writes messages to a topic of the mapping's cluster (acks from all in-sync replicas). */
  produce: (topic: string, messages: OnFailureMessage[]) => Promise<void>;
  events: PipelineEvents;
  /** Aborted on shutdown: a write still failing then is given up on, uncommitted. */
  signal: AbortSignal;
}

/**
 * Where records go that exhausted their retries, expired, or exceed the payload limit: a
 * `kafka://` destination gets AWS's on-failure records; without a reachable destination they are
 * dropped, as AWS discards them (the `dropped` event says so).
 */
export class OnFailureWriter {
  constructor(private readonly options: OnFailureWriterOptions) {}

  async write(batch: FailedBatch): Promise<void> {
    const { destination, fn, source, events, signal } = this.options;
    const offsets = batch.records.map((record) => `${record.topic}-${record.partition}@${record.offset}`);
    if (destination?.kind !== 'kafka') {
      const where = destination ? `${destination.destination} (not reachable locally)` : 'no on-failure destination';
      events.emit('dropped', { condition: batch.condition, offsets, destination: where });
      return;
    }
    const messages = onFailureRecords(batch, source, functionArn(fn.region, fn.accountId, fn.name), new Date()).map(({ record, value }) => ({
      key: record.key === undefined ? null : Buffer.from(record.key, 'base64'),
      value: JSON.stringify(value),
    }));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.produce(destination.topic, messages);
        events.emit('sentToDestination', { condition: batch.condition, offsets, destination: `kafka://${destination.topic}` });
        return;
      } catch (error) {
        // Committing past records that reached no destination would lose them: keep trying.
        events.emit('destinationError', { attempt, error: error as Error });
        if (!(await sleep(Math.min(RETRY_BACKOFF_MS.max, RETRY_BACKOFF_MS.base * 2 ** attempt), true, { signal }).catch(() => false))) {
          throw new Error('stopped before the on-failure destination was written', { cause: error });
        }
      }
    }
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { RETRY_BACKOFF_MS } from '../aws-limits';
import type { PollerLog } from '../log';
import type { EventSource } from '../event/event-builder';
import { onFailureRecords } from '../event/on-failure-record';
import type { MappingMetrics } from '../metrics';
import type { LambdaFunction } from '../runtime/function-runtime';
import { functionArn } from '../runtime/protocol';
import type { OnFailureDestination } from '../settings/destination';
import type { FailedBatch } from './batch-runner';

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
  produce(topic: string, messages: OnFailureMessage[]): Promise<void>;
  log: PollerLog;
  /** Aborted on shutdown: a write still failing then is given up on, uncommitted. */
  signal: AbortSignal;
  metrics?: MappingMetrics | undefined;
}

/**
 * Where records go that exhausted their retries, expired, or exceed the payload limit: a
 * `kafka://` destination gets AWS's on-failure records; without a reachable destination they are
 * logged as dropped, as AWS discards them.
 */
export class OnFailureWriter {
  constructor(private readonly options: OnFailureWriterOptions) {}

  async write(batch: FailedBatch): Promise<void> {
    const { destination, fn, source, log, signal } = this.options;
    const offsets = batch.records.map((record) => `${record.topic}-${record.partition}@${record.offset}`);
    if (destination?.kind !== 'kafka') {
      const where = destination ? `${destination.destination} (not reachable locally)` : 'no on-failure destination';
      this.options.metrics?.dropped(batch.records.length);
      log.warn('records dropped', { function: fn.name, condition: batch.condition, offsets, destination: where });
      return;
    }
    const messages = onFailureRecords(batch, source, functionArn(fn.region, fn.accountId, fn.name), new Date()).map(({ record, value }) => ({
      key: record.key === undefined ? null : Buffer.from(record.key, 'base64'),
      value: JSON.stringify(value),
    }));
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.options.produce(destination.topic, messages);
        this.options.metrics?.deliveredToOnFailureDestination(messages.length);
        log.warn('records sent to on-failure destination', { function: fn.name, condition: batch.condition, offsets, destination: `kafka://${destination.topic}` });
        return;
      } catch (error) {
        // Committing past records that reached no destination would lose them: keep trying.
        this.options.metrics?.onFailureDestinationError();
        log.warn('on-failure destination unavailable, retrying', { attempt, error: (error as Error).message });
        if (!(await sleep(Math.min(RETRY_BACKOFF_MS.max, RETRY_BACKOFF_MS.base * 2 ** attempt), true, { signal }).catch(() => false))) {
          throw new Error('stopped before the on-failure destination was written', { cause: error });
        }
      }
    }
  }
}

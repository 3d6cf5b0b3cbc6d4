import { randomUUID } from 'node:crypto';
import type { InvocationReport } from '../delivery/batch-runner';
import type { OnFailureWriter } from '../delivery/on-failure-writer';
import type { PipelineEvents } from '../delivery/pipeline-events';
import type { FailureCondition } from '../event/on-failure-record';
import { decodeRecord, kafkaEventJson, recordBytesLimit, type EventSource } from '../event/event-builder';
import { FunctionNotInvokedError, type FunctionRuntime, type InvokeOutcome } from '../runtime/function-runtime';
import type { EsmSettings } from '../settings/esm-settings';
import { AcknowledgeType } from '../share-group';
import { planAcknowledgements } from './acknowledgement-plan';
import { withinBytes, type AcquiredRecord } from './acquired-records';
import type { AcknowledgementBuffer } from './pending-acknowledgements';
import type { QueueCounts } from './queue-counts';

/** A fetched record this poller holds under the group's lock, and the leader whose session acquired it. */
export interface HeldRecord extends AcquiredRecord {
  leader: string;
}

export interface HeldRecordsInvokerOptions {
  settings: EsmSettings;
  source: EventSource;
  runtime: FunctionRuntime;
  onFailure: OnFailureWriter;
  /** Where each record's acknowledgement waits for its leader's next ShareFetch. */
  acks: AcknowledgementBuffer;
  tally: QueueCounts;
  events: PipelineEvents;
  signal: AbortSignal;
  /** Keeps a batch's records locked while its invocation runs; returns the stop. */
  keepLocked(batch: readonly HeldRecord[]): () => void;
  /** The share group's delivery-attempt limit, as last read from the broker. */
  deliveryAttemptLimit(): number;
  /** An invocation returned (the mapping's state says it processes). */
  processed(): void;
}

/**
 * The invocation side of a Queue poller: the records one fetch acquired, invoked in batches
 * within the payload limit, each record then acknowledged by what became of it
 * (acknowledgement-plan.ts): accepted, released for another delivery, or sent to the on-failure
 * destination and rejected.
 */
export class HeldRecordsInvoker {
  constructor(private readonly options: HeldRecordsInvokerOptions) {}

  async invokeAll(held: readonly HeldRecord[]): Promise<void> {
    const { tally, acks } = this.options;
    tally.inFlight = held.length;
    const limit = recordBytesLimit(this.options.source);
    for (const batch of withinBytes(held, limit)) {
      if (this.options.signal.aborted) break;
      if (batch.length === 1 && batch[0]!.bytes > limit) await this.exhaust(batch, 'MaximumPayloadSizeExceeded', 'not-invoked');
      else await this.invoke(batch);
      tally.inFlight -= batch.length;
    }
    // Stopped before their turn: released now, rather than held until their locks expire.
    acks.add(held.filter((record) => !acks.has(record)), AcknowledgeType.RELEASE);
    tally.inFlight = 0;
  }

  private async invoke(batch: HeldRecord[]): Promise<void> {
    const { settings, acks, events } = this.options;
    const byPartition = new Map<number, HeldRecord[]>();
    for (const record of batch) byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
    const payload = kafkaEventJson(
      this.options.source,
      [...byPartition].map(([partition, records]) => ({ topic: settings.topic, partition, records: records.map((record) => record.json) })),
    );
    const requestId = randomUUID();
    events.emit('invoking', { requestId, payload });
    const release = this.options.keepLocked(batch);
    let outcome: InvokeOutcome;
    try {
      outcome = await this.options.runtime.invoke(payload, requestId);
    } catch (error) {
      // Stopped before the function could run: no attempt made; the group delivers them again.
      if (!(error instanceof FunctionNotInvokedError)) throw error;
      acks.add(batch, AcknowledgeType.RELEASE);
      return;
    } finally {
      release();
    }
    const report: InvocationReport = {
      requestId,
      partitions: [...byPartition.keys()].map((partition) => `${settings.topic}-${partition}`),
      firstOffset: Math.min(...batch.map((record) => record.offset)),
      lastOffset: Math.max(...batch.map((record) => record.offset)),
      records: batch.length,
      bytes: batch.reduce((sum, record) => sum + record.bytes, 0),
      attempt: Math.max(...batch.map((record) => record.deliveryCount)) - 1,
      outcome,
    };
    this.options.processed();
    events.emit('invoked', report);
    const plan = planAcknowledgements(batch, outcome, { ...settings, deliveryAttemptLimit: this.options.deliveryAttemptLimit() });
    acks.add(plan.accept as HeldRecord[], AcknowledgeType.ACCEPT);
    acks.add(plan.release as HeldRecord[], AcknowledgeType.RELEASE);
    if (plan.exhausted.length > 0) await this.exhaust(plan.exhausted as HeldRecord[], 'RetryAttemptsExhausted', requestId, outcome);
  }

  /** Records that will not be delivered again: to the on-failure destination (or logged as dropped), then rejected. */
  private async exhaust(records: HeldRecord[], condition: FailureCondition, requestId: string, outcome?: InvokeOutcome): Promise<void> {
    try {
      await this.options.onFailure.write({
        records: records.map((record) => decodeRecord(record.json)),
        condition,
        requestId,
        attempts: Math.max(...records.map((record) => record.deliveryCount)),
        ...(outcome && { outcome }),
      });
    } catch {
      // Stopped before the destination took them: released, so the group delivers them again.
      this.options.acks.add(records, AcknowledgeType.RELEASE);
      return;
    }
    this.options.acks.add(records, AcknowledgeType.REJECT);
  }
}

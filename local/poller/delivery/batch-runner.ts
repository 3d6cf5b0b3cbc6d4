import type { KafkaEventRecord } from '../../../shared/kafka-event';
import { decodeRecord, kafkaEventJson, type EventSource } from '../event/event-builder';
import type { InvokeOutcome } from '../runtime/function-runtime';

export type { FailedBatch, FailureCondition } from '../event/on-failure-record';
import type { FailedBatch } from '../event/on-failure-record';
import { invalidItemFailures, itemFailures } from './batch-item-failures';
import type { PartitionQueue } from './partition-queue';

/** The error-handling controls of an event source mapping, as AWS defines them. */
export interface FailurePolicy {
  /** -1 retries until the records succeed or expire; otherwise retries after the first attempt. */
  maximumRetryAttempts: number;
  /** -1 never expires records; otherwise records older than this are not retried. */
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  reportBatchItemFailures: boolean;
}

/** A record of a batch, encoded as the payload takes it. */
export interface BatchEntry {
  offset: number;
  timestamp: number;
  /** The record's JSON in the payload (`EncodedRecord.json`); null when a filter dropped it. */
  json: string | null;
  /** What it adds to the payload; 0 when filtered out. */
  bytes: number;
}

/** One part of a batch: records of one partition, in offset order (filtered-out entries included). */
export interface BatchPart {
  queue: PartitionQueue;
  entries: BatchEntry[];
  /** The queue's assignment epoch when the batch was taken; see `stillAssigned`. */
  epoch: number;
}

export interface InvocationReport {
  requestId: string;
  partitions: string[];
  firstOffset: number;
  lastOffset: number;
  records: number;
  bytes: number;
  attempt: number;
  outcome: InvokeOutcome;
}

export interface BatchRunnerDependencies {
  policy: FailurePolicy;
  source: EventSource;
  /** Invokes the function with a payload: the event as JSON text. Undefined: stopped before the function could run, no attempt made. */
  invoke(payload: string): Promise<{ requestId: string; outcome: InvokeOutcome } | undefined>;
  /** A partition's records before `nextOffset` (the next one to read) are done: settled, to be committed. */
  processed(queue: PartitionQueue, nextOffset: number): void;
  /** Writes failed records to the on-failure destination, or logs their loss where there is none. */
  onFailure(batch: FailedBatch): Promise<void>;
  backoffMs(attempt: number): number;
  /** Resolves false when the wait was cut short by shutdown. */
  wait(ms: number): Promise<boolean>;
  report(invocation: InvocationReport): void;
  stopping(): boolean;
  /** The bytes the records of one invocation may take: the payload limit less the event's own fields. */
  recordBytesLimit: number;
  now?: () => number;
}

/** A record the function is (or was) given: one not dropped by a filter. */
interface Deliverable {
  key: string;
  offset: number;
  json: string;
}

function deliverable(parts: BatchPart[]): Deliverable[] {
  return parts.flatMap((part) => part.entries.flatMap(({ offset, json }) => (json === null ? [] : [{ key: part.queue.key, offset, json }])));
}

/** The records as objects, for the rare paths that need one: a batch that is given up on. */
function decoded(records: Deliverable[]): KafkaEventRecord[] {
  return records.map((record) => decodeRecord(record.json));
}

function commitParts(parts: BatchPart[], deps: BatchRunnerDependencies): void {
  for (const part of stillAssigned(parts)) {
    const last = part.entries.at(-1);
    if (last) deps.processed(part.queue, last.offset + 1);
  }
}

/** Splits at the middle record; each partition's first half stays in the first part, so order holds. */
function bisect(parts: BatchPart[]): [BatchPart[], BatchPart[]] {
  let remaining = Math.ceil(deliverable(parts).length / 2);
  const first: BatchPart[] = [];
  const second: BatchPart[] = [];
  for (const part of parts) {
    let cut = 0;
    while (cut < part.entries.length && remaining > 0) {
      if (part.entries[cut]!.json !== null) remaining -= 1;
      cut += 1;
    }
    if (cut > 0) first.push({ ...part, entries: part.entries.slice(0, cut) });
    if (cut < part.entries.length) second.push({ ...part, entries: part.entries.slice(cut) });
  }
  return [first, second];
}

/**
 * AWS's MaximumRecordAgeInSeconds is "the maximum age of a record that Lambda sends to your
 * function": on the first delivery as on retries, a record older than it (by its own timestamp,
 * the one a poller has) is never sent. It leaves the batch as a filtered record does: the records
 * around it are delivered, and its offset is committed with theirs.
 */
function takeExpired(parts: BatchPart[], maxAgeSeconds: number, now: number): { expired: Deliverable[]; rest: BatchPart[] } {
  const oldest = now - maxAgeSeconds * 1000;
  const expired: Deliverable[] = [];
  const rest = parts.map((part) => ({
    ...part,
    entries: part.entries.map((entry) => {
      if (entry.json === null || entry.timestamp >= oldest) return entry;
      expired.push({ key: part.queue.key, offset: entry.offset, json: entry.json });
      return { ...entry, json: null, bytes: 0 };
    }),
  }));
  return { expired, rest };
}

/**
 * The parts whose partition this poller has held without a break since they were taken. One the
 * group gave to another member is retried there, from its committed offset: retrying it here too
 * would put two batches of one partition in flight at once. Nor may it commit: Kafka accepts a
 * commit from any member of the current generation, so a late commit would move the new owner's
 * offset back.
 */
function stillAssigned(parts: BatchPart[]): BatchPart[] {
  return parts.filter((part) => part.queue.heldSince(part.epoch));
}

async function giveUp(parts: BatchPart[], failed: Omit<FailedBatch, 'records'>, deps: BatchRunnerDependencies): Promise<void> {
  const records = deliverable(parts);
  if (records.length > 0) await deps.onFailure({ ...failed, records: decoded(records) });
  commitParts(parts, deps);
}

function report(parts: BatchPart[], requestId: string, attempt: number, outcome: InvokeOutcome, deps: BatchRunnerDependencies): void {
  const records = deliverable(parts);
  deps.report({
    requestId,
    partitions: parts.map((part) => part.queue.key),
    firstOffset: records[0]?.offset ?? -1,
    lastOffset: records.at(-1)?.offset ?? -1,
    records: records.length,
    bytes: parts.reduce((sum, part) => sum + part.entries.reduce((bytes, entry) => bytes + entry.bytes, 0), 0),
    attempt,
    outcome,
  });
}

/**
 * Delivers one batch the way Lambda's event source mapping does: invoke; on success commit; on
 * failure retry with backoff (the batch's partitions wait, others go on), bisecting, honouring
 * partial batch responses, record age and retry limits, and finally handing what cannot be
 * processed to the on-failure destination before committing past it. Returns when the batch is
 * committed, or uncommitted when the poller is stopping.
 */
export async function runBatch(initial: BatchPart[], deps: BatchRunnerDependencies, initialAttempt = 0): Promise<void> {
  let parts = initial;
  let attempt = initialAttempt;
  for (;;) {
    parts = stillAssigned(parts);
    if (parts.length === 0) return;
    const records = deliverable(parts);
    if (records.length === 0) return commitParts(parts, deps);
    if (records.length === 1 && parts.some((part) => part.entries.some((entry) => entry.bytes > deps.recordBytesLimit))) {
      return giveUp(parts, { condition: 'MaximumPayloadSizeExceeded', requestId: 'not-invoked', attempts: 0 }, deps);
    }
    if (deps.policy.maximumRecordAgeSeconds !== -1) {
      const { expired, rest } = takeExpired(parts, deps.policy.maximumRecordAgeSeconds, deps.now?.() ?? Date.now());
      if (expired.length > 0) {
        await deps.onFailure({ records: decoded(expired), condition: 'RetryAttemptsExhausted', requestId: 'record-age-exceeded', attempts: attempt });
        parts = rest;
        continue;
      }
    }

    const payload = kafkaEventJson(
      deps.source,
      parts.map((part) => ({
        topic: part.queue.topic,
        partition: part.queue.partition,
        records: part.entries.flatMap((entry) => (entry.json === null ? [] : [entry.json])),
      })),
    );
    const invoked = await deps.invoke(payload);
    if (!invoked) return;
    const { requestId, outcome } = invoked;
    report(parts, requestId, attempt, outcome, deps);

    let failedParts = parts;
    if (outcome.status === 'success') {
      const failures = deps.policy.reportBatchItemFailures ? itemFailures(outcome.response) : [];
      if (failures.length === 0) return commitParts(parts, deps);
      if (!invalidItemFailures(failures, records)) {
        // Partial batch response: what precedes each partition's first failed record is done.
        const done: BatchPart[] = [];
        failedParts = [];
        for (const part of parts) {
          const firstFailed = Math.min(...failures.filter((failure) => failure.partition === part.queue.key).map((failure) => failure.offset));
          const cut = part.entries.findIndex((entry) => entry.offset >= firstFailed);
          if (cut === -1) done.push(part);
          else {
            if (cut > 0) done.push({ ...part, entries: part.entries.slice(0, cut) });
            failedParts.push({ ...part, entries: part.entries.slice(cut) });
          }
        }
        commitParts(done, deps);
      }
    }

    failedParts = stillAssigned(failedParts);
    if (failedParts.length === 0) return;
    attempt += 1;
    const { maximumRetryAttempts, bisectBatchOnFunctionError } = deps.policy;
    if (maximumRetryAttempts !== -1 && attempt > maximumRetryAttempts) {
      return giveUp(failedParts, { condition: 'RetryAttemptsExhausted', requestId, attempts: attempt, outcome }, deps);
    }
    if (deps.stopping()) return;
    if (bisectBatchOnFunctionError && deliverable(failedParts).length > 1) {
      const [first, second] = bisect(failedParts);
      await runBatch(first, deps, attempt);
      if (deps.stopping()) return;
      return runBatch(second, deps, attempt);
    }
    parts = failedParts;
    if (!(await deps.wait(deps.backoffMs(attempt)))) return;
  }
}

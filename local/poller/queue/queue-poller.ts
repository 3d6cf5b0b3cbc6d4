import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Admin, type KafkaMessage, type Producer } from 'kafkajs';
import { registerKafkaCodecs } from '../codecs';
import { invocationSummary } from '../delivery/invocation-summary';
import { OnFailureWriter } from '../delivery/on-failure-writer';
import type { FailureCondition, InvocationReport } from '../delivery/batch-runner';
import { queuedRecords } from '../delivery/fetched-batch';
import { decodeRecord, kafkaEventJson, recordBytesLimit, type EventSource } from '../event/event-builder';
import type { PollerOptions } from '../source/poller';
import { MappingState } from '../source/mapping-state';
import { FunctionRuntime, type InvokeOutcome } from '../runtime/function-runtime';
import {
  AcknowledgeType,
  addressOf,
  decodeRecords,
  decodeShareGroupDescribe,
  encodeShareGroupDescribe,
  errorName,
  type AcknowledgeTypeValue,
  type LinkConfig,
  type ShareFetchResponse,
} from '../share-group';
import { planAcknowledgements, type DeliveredRecord } from './acknowledgement-plan';
import { emptyQueueCounts, type QueueCounts } from './queue-counts';
import { ShareMember } from './share-member';
import { ShareSession, type PendingAcknowledgements } from './share-session';
import { NOT_DOCUMENTED_BY_AWS, queueStatusOf, type QueueStatus } from './queue-status';

export interface QueuePollerOptions extends PollerOptions {
  /** The mapping's brokers and login, as its kafkajs clients connect. */
  link: LinkConfig & { brokers: string[] };
}

/** A fetch waits this long for records before it answers empty, and carries the acknowledgements made meanwhile. */
const FETCH_WAIT_MS = 500;
/** Kafka 4.2's default `group.share.delivery.count.limit`, used when the broker's config cannot be read. */
const DEFAULT_DELIVERY_ATTEMPT_LIMIT = 5;
const STATUS_TIMEOUT_MS = 2_000;
const IDLE_MS = 200;

/** A fetched record this poller holds under the group's lock, with the JSON it takes in an event. */
interface HeldRecord extends DeliveredRecord {
  leader: string;
  json: string;
  bytes: number;
  message: KafkaMessage;
}

/**
 * One poller of a Queue mapping (ConsumptionMode: Queue): a member of the share group named by
 * the mapping's consumer group id. It fetches up to a batch of acquired records, invokes the
 * function with them in the event Stream mode sends, and acknowledges each record by what became
 * of it (see acknowledgement-plan.ts). Several pollers of one mapping share its partitions; each
 * runs one invocation at a time, so a mapping's invocations run side by side across its pollers.
 */
export class QueuePoller {
  readonly state = new MappingState();
  private readonly abort = new AbortController();
  private readonly member: ShareMember;
  private readonly sessions = new Map<string, ShareSession>();
  private readonly pending = new Map<string, PendingAcknowledgements>();
  private readonly runtime: FunctionRuntime;
  private readonly onFailure: OnFailureWriter;
  private readonly source: EventSource;
  private readonly admin: Admin;
  private producer: Producer | undefined;
  private readonly tally: QueueCounts = emptyQueueCounts();
  private loop: Promise<void> | undefined;
  private deliveryAttemptLimit = DEFAULT_DELIVERY_ATTEMPT_LIMIT;
  /** The lock the broker last said it holds acquired records under. */
  private lockDurationMs: number | undefined;
  private stopping = false;

  constructor(private readonly options: QueuePollerOptions) {
    const { kafka, settings, fn, log } = options;
    registerKafkaCodecs();
    this.admin = kafka.admin();
    this.source = { kind: settings.source, ...(settings.eventSourceArn && { eventSourceArn: settings.eventSourceArn }), bootstrapServers: options.bootstrapServers };
    this.runtime = new FunctionRuntime(fn, { reload: options.reload ?? false, log });
    this.onFailure = new OnFailureWriter({
      destination: settings.onFailure,
      fn,
      source: this.source,
      produce: async (topic, messages) => {
        this.producer ??= kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        await this.producer.connect();
        await this.producer.send({ topic, acks: -1, messages });
      },
      log,
      signal: this.abort.signal,
      metrics: options.metrics,
    });
    this.member = new ShareMember({
      groupId: options.groupId,
      topic: settings.topic,
      bootstrap: options.link.brokers,
      link: options.link,
      signal: this.abort.signal,
      onAssignment: (partitions) => {
        options.metrics?.rebalanced();
        log.info('share group assignment', { ...this.logFields(), partitions: [...partitions].map((partition) => `${settings.topic}-${partition}`) });
      },
      onProblem: (cause) => this.cannotPoll(cause),
    });
  }

  private logFields(): Record<string, unknown> {
    return { function: this.options.fn.name, topic: this.options.settings.topic, shareGroup: this.options.groupId, memberId: this.member.memberId };
  }

  private cannotPoll(cause: string): void {
    if (this.stopping) return;
    this.options.metrics?.pollingError();
    if (this.state.failed(cause)) this.options.log.error('mapping cannot poll', { ...this.logFields(), lastProcessingResult: this.state.lastProcessingResult });
  }

  /** kafkajs's ERROR log entries of the mapping's admin and producer. */
  kafkaError(message: string): void {
    this.cannotPoll(message);
  }

  /** The broker's `group.share.delivery.count.limit`: Kafka 4.2 has no per-group setting of it. */
  private async readDeliveryAttemptLimit(): Promise<void> {
    try {
      const { brokers } = await this.admin.describeCluster();
      const described = await this.admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 4 /* BROKER */, name: String(brokers[0]!.nodeId), configNames: ['group.share.delivery.count.limit'] }],
      });
      const value = Number(described.resources[0]?.configEntries[0]?.configValue);
      if (Number.isInteger(value) && value > 0) this.deliveryAttemptLimit = value;
    } catch (error) {
      this.options.log.warn('share group delivery limit unknown, assuming 5', { ...this.logFields(), error: (error as Error).message });
    }
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.readDeliveryAttemptLimit();
    await this.member.join();
    this.state.enabled();
    this.loop = this.run();
  }

  private session(leader: { host: string; port: number }): ShareSession {
    const key = `${leader.host}:${leader.port}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = new ShareSession(this.member.link(leader), this.options.groupId, this.member.memberId, this.member.route!.topicId);
      this.sessions.set(key, session);
    }
    return session;
  }

  private takePending(leader: string): PendingAcknowledgements {
    const acks = this.pending.get(leader) ?? new Map();
    this.pending.delete(leader);
    return acks;
  }

  private acknowledge(records: readonly { leader: string; partition: number; offset: number }[], type: AcknowledgeTypeValue): void {
    for (const { leader, partition, offset } of records) {
      let byPartition = this.pending.get(leader);
      if (!byPartition) this.pending.set(leader, (byPartition = new Map()));
      let offsets = byPartition.get(partition);
      if (!offsets) byPartition.set(partition, (offsets = new Map()));
      offsets.set(BigInt(offset), type);
    }
  }

  /** The partitions of this member by leader. */
  private partitionsByLeader(): Map<string, { address: { host: string; port: number }; partitions: Set<number> }> {
    const byLeader = new Map<string, { address: { host: string; port: number }; partitions: Set<number> }>();
    const route = this.member.route;
    for (const partition of this.member.partitions) {
      const leader = route?.leaders.get(partition);
      if (!leader) continue;
      const key = `${leader.host}:${leader.port}`;
      if (!byLeader.has(key)) byLeader.set(key, { address: leader, partitions: new Set() });
      byLeader.get(key)!.partitions.add(partition);
    }
    return byLeader;
  }

  private async run(): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted) {
      const byLeader = this.partitionsByLeader();
      if (byLeader.size === 0) {
        await sleep(IDLE_MS, undefined, { signal }).catch(() => undefined);
        continue;
      }
      for (const [leader, { address, partitions }] of byLeader) {
        if (signal.aborted) break;
        const acks = this.takePending(leader);
        let response: ShareFetchResponse;
        try {
          response = await this.session(address).fetch(partitions, acks, { maxRecords: this.options.settings.batchSize, maxWaitMs: FETCH_WAIT_MS });
        } catch (error) {
          this.cannotPoll(`ShareFetch from ${leader}: ${(error as Error).message}`);
          await this.member.refreshRoute().catch(() => undefined);
          await sleep(1_000, undefined, { signal }).catch(() => undefined);
          continue;
        }
        this.afterAcknowledged(acks);
        if (this.state.polled()) this.options.log.info('mapping polls again', this.logFields());
        this.lockDurationMs = response.acquisitionLockTimeoutMs;
        await this.deliver(leader, response);
      }
    }
  }

  private afterAcknowledged(acks: PendingAcknowledgements): void {
    for (const offsets of acks.values()) {
      for (const type of offsets.values()) {
        if (type === AcknowledgeType.ACCEPT) this.tally.accepted += 1;
        else if (type === AcknowledgeType.RELEASE) this.tally.released += 1;
        else if (type === AcknowledgeType.REJECT) this.tally.rejected += 1;
      }
    }
  }

  /** The records one fetch acquired, invoked in batches within the payload limit, then acknowledged. */
  private async deliver(leader: string, response: ShareFetchResponse): Promise<void> {
    const { settings } = this.options;
    const held: HeldRecord[] = [];
    const now = Date.now();
    for (const topic of response.responses) {
      for (const partition of topic.partitions) {
        if (partition.errorCode !== 0) {
          this.cannotPoll(`ShareFetch ${settings.topic}-${partition.partitionIndex}: ${errorName(partition.errorCode)}${partition.errorMessage ? ` (${partition.errorMessage})` : ''}`);
          continue;
        }
        if (partition.acknowledgeErrorCode !== 0) {
          // Typically a lock that expired first: the broker delivers those records again.
          this.options.log.warn('acknowledgement refused', { ...this.logFields(), partition: partition.partitionIndex, error: errorName(partition.acknowledgeErrorCode) });
        }
        if (partition.acquiredRecords.length === 0) continue;
        // The broker sends whole record batches; only the acquired offsets of them are this poller's.
        const isAcquired = (offset: bigint): boolean => partition.acquiredRecords.some((range) => offset >= range.firstOffset && offset <= range.lastOffset);
        const messages = new Map((await decodeRecords(partition.records)).filter((message) => isAcquired(BigInt(message.offset))).map((message) => [BigInt(message.offset), message]));
        const entries = queuedRecords(settings.topic, partition.partitionIndex, [...messages.values()], settings.filter, now);
        const encoded = new Map(entries.map((entry) => [entry.offset, entry]));
        const key = `${settings.topic}-${partition.partitionIndex}`;
        for (const range of partition.acquiredRecords) {
          for (let offset = range.firstOffset; offset <= range.lastOffset; offset += 1n) {
            const message = messages.get(offset);
            const entry = encoded.get(Number(offset));
            const at = { leader, partition: partition.partitionIndex, offset: Number(offset) };
            this.tally.acquired += 1;
            // An offset with no record (a transaction marker, a compacted record) is a gap.
            if (!message || !entry) this.acknowledge([at], AcknowledgeType.GAP);
            // Filtered out: never delivered, and done, as a filtered record is committed in Stream mode.
            else if (entry.json === null) this.acknowledge([at], AcknowledgeType.ACCEPT);
            else held.push({ ...at, key, deliveryCount: range.deliveryCount, json: entry.json, bytes: entry.bytes, message });
          }
        }
        this.options.metrics?.polled(settings.topic, partition.partitionIndex, entries);
      }
    }
    this.tally.inFlight = held.length;
    const limit = recordBytesLimit(this.source);
    for (let start = 0; start < held.length && !this.abort.signal.aborted; ) {
      let end = start;
      let bytes = 0;
      while (end < held.length && (end === start || bytes + held[end]!.bytes <= limit)) bytes += held[end++]!.bytes;
      const batch = held.slice(start, end);
      start = end;
      if (batch.length === 1 && batch[0]!.bytes > limit) {
        await this.exhaust(batch, 'MaximumPayloadSizeExceeded', 'not-invoked');
      } else {
        await this.invoke(leader, batch);
      }
      this.tally.inFlight -= batch.length;
    }
    // Stopped before their turn: released now, rather than held until their locks expire.
    this.acknowledge(held.filter((record) => !this.isAcknowledged(record)), AcknowledgeType.RELEASE);
    this.tally.inFlight = 0;
  }

  private isAcknowledged(record: HeldRecord): boolean {
    return this.pending.get(record.leader)?.get(record.partition)?.has(BigInt(record.offset)) ?? false;
  }

  /** Renews the locks of `batch` every half lock while its invocation runs, so they never expire under it. */
  private keepLocked(leader: string, batch: HeldRecord[]): () => void {
    const lockMs = this.lockDurationMs;
    if (!lockMs) return () => undefined;
    const session = this.sessions.get(leader);
    const offsets = new Map<number, bigint[]>();
    for (const record of batch) offsets.set(record.partition, [...(offsets.get(record.partition) ?? []), BigInt(record.offset)]);
    const timer = setInterval(() => {
      session?.renew(offsets).then(
        () => (this.tally.renewed += batch.length),
        (error: Error) => this.options.log.warn('lock renewal failed', { ...this.logFields(), error: error.message }),
      );
    }, lockMs / 2);
    return () => clearInterval(timer);
  }

  private async invoke(leader: string, batch: HeldRecord[]): Promise<void> {
    const { settings, fn, log, metrics, invocations } = this.options;
    const byPartition = new Map<number, HeldRecord[]>();
    for (const record of batch) byPartition.set(record.partition, [...(byPartition.get(record.partition) ?? []), record]);
    const payload = kafkaEventJson(
      this.source,
      [...byPartition].map(([partition, records]) => ({ topic: settings.topic, partition, records: records.map((record) => record.json) })),
    );
    const requestId = randomUUID();
    invocations?.invoking(requestId, payload);
    const release = this.keepLocked(leader, batch);
    let outcome: InvokeOutcome;
    try {
      outcome = await this.runtime.invoke(payload, requestId);
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
    if (this.state.processed()) log.info('mapping polls again', this.logFields());
    metrics?.invoked(report);
    invocations?.finished(report);
    log.info('invocation', { ...invocationSummary(fn.name, report) });
    const plan = planAcknowledgements(batch, outcome, { ...settings, deliveryAttemptLimit: this.deliveryAttemptLimit });
    this.acknowledge(plan.accept as HeldRecord[], AcknowledgeType.ACCEPT);
    this.acknowledge(plan.release as HeldRecord[], AcknowledgeType.RELEASE);
    if (plan.exhausted.length > 0) await this.exhaust(plan.exhausted as HeldRecord[], 'RetryAttemptsExhausted', requestId, outcome);
  }

  /** Records that will not be delivered again: to the on-failure destination (or logged as dropped), then rejected. */
  private async exhaust(records: HeldRecord[], condition: FailureCondition, requestId: string, outcome?: InvokeOutcome): Promise<void> {
    try {
      await this.onFailure.write({
        records: records.map((record) => decodeRecord(record.json)),
        condition,
        requestId,
        attempts: Math.max(...records.map((record) => record.deliveryCount)),
        ...(outcome && { outcome }),
      });
    } catch {
      // Stopped before the destination took them: released, so the group delivers them again.
      this.acknowledge(records, AcknowledgeType.RELEASE);
      return;
    }
    this.acknowledge(records, AcknowledgeType.REJECT);
  }

  /** What this poller did with records so far. */
  get counts(): QueueCounts {
    return { ...this.tally };
  }

  /**
   * A share group has no committed offsets: its progress is per record, so Stream mode's
   * partition lag does not apply; `queueStatus` tells what there is.
   */
  async status(): Promise<'unknown'> {
    return 'unknown';
  }

  /** The share group as its coordinator describes it, and what this poller did. */
  async queueStatus(): Promise<QueueStatus> {
    const group = await Promise.race([this.describeGroup(), sleep(STATUS_TIMEOUT_MS, undefined, { ref: false })]).catch(() => undefined);
    return queueStatusOf({
      group,
      memberId: this.member.memberId,
      memberEpoch: this.member.memberEpoch,
      partitions: [...this.member.partitions],
      counts: this.counts,
      lockDurationMs: this.lockDurationMs,
      deliveryAttemptLimit: this.deliveryAttemptLimit,
      functionTimeoutMs: this.options.fn.timeoutSeconds * 1000,
    });
  }

  private async describeGroup() {
    for (const server of this.options.link.brokers) {
      try {
        const coordinator = this.member.link(await this.member.link(addressOf(server)).findCoordinator(this.options.groupId));
        const [group] = decodeShareGroupDescribe(await coordinator.send('ShareGroupDescribe', encodeShareGroupDescribe([this.options.groupId]))).groups;
        return group;
      } catch {
        continue;
      }
    }
    return undefined;
  }

  get notDocumentedByAws(): readonly string[] {
    return NOT_DOCUMENTED_BY_AWS;
  }

  /**
   * Stops fetching, lets the invocation in flight finish (bounded by the function timeout), sends
   * what is left to acknowledge as each share session closes (records not processed are released
   * to the group), and leaves the group.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.state.disabling();
    this.abort.abort();
    await this.loop;
    await Promise.all(
      [...this.sessions].map(async ([leader, session]) => {
        const acks = this.takePending(leader);
        await session.close(acks);
        this.afterAcknowledged(acks);
      }),
    );
    await this.member.leave();
    await this.producer?.disconnect();
    await this.admin.disconnect();
    await this.runtime.close();
    this.state.disabled();
  }
}

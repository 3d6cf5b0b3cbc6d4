import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Admin, type Producer } from 'kafkajs';
import { registerKafkaCodecs } from '../codecs';
import { OnFailureWriter } from '../delivery/on-failure-writer';
import { PipelineEvents } from '../delivery/pipeline-events';
import { eventSourceOf } from '../event/event-builder';
import type { PollerOptions } from '../source/poller';
import { MappingState } from '../source/mapping-state';
import { FunctionRuntime } from '../runtime/function-runtime';
import { AcknowledgeType, errorName, type LinkConfig, type ShareFetchResponse } from '../share-group';
import { acquiredRecords } from './acquired-records';
import { DEFAULT_DELIVERY_ATTEMPT_LIMIT, readDeliveryAttemptLimit } from './delivery-attempt-limit';
import { HeldRecordsInvoker, type HeldRecord } from './held-records-invoker';
import { keepLocked } from './lock-keeper';
import { AcknowledgementBuffer, countAcknowledged } from './pending-acknowledgements';
import { emptyQueueCounts, type QueueCounts } from './queue-counts';
import { queueStatusOf, type QueueStatus } from './queue-status';
import { ShareMember } from './share-member';
import { ShareSession } from './share-session';

export interface QueuePollerOptions extends PollerOptions {
  /** The mapping's brokers and login, as its kafkajs clients connect. */
  link: LinkConfig & { brokers: string[] };
}

/** A fetch waits this long for records before it answers empty, and carries the acknowledgements made meanwhile. */
const FETCH_WAIT_MS = 500;
const STATUS_TIMEOUT_MS = 2_000;
const IDLE_MS = 200;
/** UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, UNKNOWN_TOPIC_ID. */
const REROUTE = new Set([3, 6, 74, 100]);

/**
 * One poller of a Queue mapping (ConsumptionMode: Queue): a member of the share group named by
 * the mapping's consumer group id. It fetches up to a batch of acquired records, has the
 * `HeldRecordsInvoker` invoke the function with them in the event Stream mode sends and decide
 * each record's acknowledgement, and sends those on its next fetch. Several pollers of one mapping
 * share its partitions; each runs one invocation at a time, so a mapping's invocations run side
 * by side across its pollers.
 */
export class QueuePoller {
  readonly state: MappingState;
  readonly events: PipelineEvents;
  private readonly abort = new AbortController();
  private readonly member: ShareMember;
  private readonly sessions = new Map<string, ShareSession>();
  private readonly acks = new AcknowledgementBuffer();
  private readonly runtime: FunctionRuntime;
  private readonly invoker: HeldRecordsInvoker;
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
    this.state = options.state ?? new MappingState();
    this.events = options.events ?? new PipelineEvents();
    registerKafkaCodecs();
    this.admin = kafka.admin();
    const source = eventSourceOf(settings, options.bootstrapServers);
    this.runtime = new FunctionRuntime(fn, { reload: options.run?.reload ?? false, log, signal: this.abort.signal });
    const onFailure = new OnFailureWriter({
      destination: settings.onFailure,
      fn,
      source,
      produce: async (topic, messages) => {
        this.producer ??= kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
        await this.producer.connect();
        await this.producer.send({ topic, acks: -1, messages });
      },
      events: this.events,
      signal: this.abort.signal,
    });
    this.invoker = new HeldRecordsInvoker({
      settings,
      source,
      runtime: this.runtime,
      onFailure,
      acks: this.acks,
      tally: this.tally,
      events: this.events,
      signal: this.abort.signal,
      keepLocked: (batch) => this.keepLocked(batch),
      deliveryAttemptLimit: () => this.deliveryAttemptLimit,
      processed: () => this.state.processed(this.shareFields()),
    });
    this.member = new ShareMember({
      groupId: options.groupId,
      topic: settings.topic,
      bootstrap: options.link.brokers,
      link: options.link,
      signal: this.abort.signal,
      onAssignment: (partitions) => {
        this.events.emit('rebalanced', { partitions: [...partitions] });
        log.info('share group assignment', { ...this.logFields(), partitions: [...partitions].map((partition) => `${settings.topic}-${partition}`) });
      },
      onProblem: (cause) => this.cannotPoll(cause),
    });
  }

  private logFields(): Record<string, unknown> {
    return { function: this.options.fn.name, topic: this.options.settings.topic, shareGroup: this.options.groupId, memberId: this.member.memberId };
  }

  /** What the state's log lines add for a share group member. */
  private shareFields(): Record<string, unknown> {
    return { shareGroup: this.options.groupId, memberId: this.member.memberId };
  }

  private cannotPoll(cause: string): void {
    if (this.stopping) return;
    this.events.emit('pollingError', { cause });
    this.state.failed(cause, this.shareFields());
  }

  /** kafkajs's ERROR log entries of the mapping's admin and producer. */
  kafkaError(message: string): void {
    this.cannotPoll(message);
  }

  async start(): Promise<void> {
    await this.admin.connect();
    try {
      this.deliveryAttemptLimit = (await readDeliveryAttemptLimit(this.admin)) ?? DEFAULT_DELIVERY_ATTEMPT_LIMIT;
    } catch (error) {
      this.options.log.warn(`share group delivery limit unknown, assuming ${DEFAULT_DELIVERY_ATTEMPT_LIMIT}`, { ...this.logFields(), error: (error as Error).message });
    }
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
      await this.flushUnfetched(new Set(byLeader.keys()));
      if (byLeader.size === 0) {
        await sleep(IDLE_MS, undefined, { signal }).catch(() => undefined);
        continue;
      }
      for (const [leader, { address, partitions }] of byLeader) {
        if (signal.aborted) break;
        const acks = this.acks.take(leader);
        let response: ShareFetchResponse;
        try {
          response = await this.session(address).fetch(partitions, acks, { maxRecords: this.options.settings.batchSize, maxWaitMs: FETCH_WAIT_MS });
        } catch (error) {
          this.cannotPoll(`ShareFetch from ${leader}: ${(error as Error).message}`);
          await this.member.refreshRoute().catch(() => undefined);
          await sleep(1_000, undefined, { signal }).catch(() => undefined);
          continue;
        }
        countAcknowledged(acks, this.tally);
        this.state.polled(this.shareFields());
        this.lockDurationMs = response.acquisitionLockTimeoutMs;
        await this.deliver(leader, response);
      }
    }
  }

  /** Acknowledgements for leaders no longer fetched from (the group moved their partitions): sent on their own. */
  private async flushUnfetched(fetched: ReadonlySet<string>): Promise<void> {
    for (const leader of this.acks.leaders().filter((key) => !fetched.has(key))) {
      const acks = this.acks.take(leader);
      try {
        await this.sessions.get(leader)?.acknowledge(acks);
        countAcknowledged(acks, this.tally);
      } catch (error) {
        // Their records come back to the group when their locks expire: delivered again, not lost.
        this.options.log.warn('acknowledgement failed', { ...this.logFields(), leader, error: (error as Error).message });
      }
    }
  }

  /** The records one fetch acquired: gaps and filtered-out records acknowledged at once, the rest to the invoker. */
  private async deliver(leader: string, response: ShareFetchResponse): Promise<void> {
    const { settings } = this.options;
    const held: HeldRecord[] = [];
    for (const topic of response.responses) {
      for (const partition of topic.partitions) {
        if (partition.errorCode !== 0) {
          this.cannotPoll(`ShareFetch ${settings.topic}-${partition.partitionIndex}: ${errorName(partition.errorCode)}${partition.errorMessage ? ` (${partition.errorMessage})` : ''}`);
          // The partition moved, or the topic was recreated: fetch from where the metadata says now.
          if (REROUTE.has(partition.errorCode)) await this.member.refreshRoute().catch(() => undefined);
          continue;
        }
        if (partition.acknowledgeErrorCode !== 0) {
          // Typically a lock that expired first: the broker delivers those records again.
          this.options.log.warn('acknowledgement refused', { ...this.logFields(), partition: partition.partitionIndex, error: errorName(partition.acknowledgeErrorCode) });
        }
        if (partition.acquiredRecords.length === 0) continue;
        const acquired = await acquiredRecords(settings.topic, partition, settings.filter, Date.now());
        const at = (offset: number) => ({ leader, partition: partition.partitionIndex, offset });
        this.acks.add(acquired.gaps.map(at), AcknowledgeType.GAP);
        // Filtered out: never delivered, and done, as a filtered record is committed in Stream mode.
        this.acks.add(acquired.filtered.map(at), AcknowledgeType.ACCEPT);
        held.push(...acquired.records.map((record) => ({ ...record, leader })));
        this.tally.acquired += acquired.gaps.length + acquired.filtered.length + acquired.records.length;
        const [first] = acquired.entries;
        if (first) {
          const filteredOut = acquired.entries.filter((entry) => entry.record === null).length;
          this.events.emit('polled', { topic: settings.topic, partition: partition.partitionIndex, firstOffset: first.offset, records: acquired.entries.length, filteredOut, undecodable: 0 });
        }
      }
    }
    await this.invoker.invokeAll(held);
  }

  /** Renews the locks of a running invocation's records, on the session of the leader that acquired them. */
  private keepLocked(batch: readonly HeldRecord[]): () => void {
    const session = batch[0] && this.sessions.get(batch[0].leader);
    if (!session || !this.lockDurationMs) return () => undefined;
    return keepLocked(session, batch, {
      lockMs: this.lockDurationMs,
      onRenewed: (records) => (this.tally.renewed += records),
      onError: (error) => this.options.log.warn('lock renewal failed', { ...this.logFields(), error: error.message }),
    });
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
    const group = await Promise.race([this.member.describeGroup(), sleep(STATUS_TIMEOUT_MS, undefined, { ref: false })]).catch(() => undefined);
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
        const acks = this.acks.take(leader);
        await session.close(acks);
        countAcknowledged(acks, this.tally);
      }),
    );
    await this.member.leave();
    await this.producer?.disconnect();
    await this.admin.disconnect();
    await this.runtime.close();
    this.state.disabled();
  }
}

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  addressOf,
  BrokerLink,
  decodeMetadata,
  decodeShareGroupDescribe,
  decodeShareGroupHeartbeat,
  encodeMetadata,
  encodeShareGroupDescribe,
  encodeShareGroupHeartbeat,
  errorName,
  ShareGroupError,
  uuidText,
  type BrokerAddress,
  type DescribedShareGroup,
  type LinkConfig,
} from '../share-group';

// Errors a heartbeat answers with and what the member does about them.
const REJOIN = new Set([25 /* UNKNOWN_MEMBER_ID */, 110 /* FENCED_MEMBER_EPOCH */]);
const FIND_COORDINATOR_AGAIN = new Set([14 /* COORDINATOR_LOAD_IN_PROGRESS */, 15 /* COORDINATOR_NOT_AVAILABLE */, 16 /* NOT_COORDINATOR */]);
const LEAVE_EPOCH = -1;
const UNASSIGNED_HEARTBEAT_MS = 500;

export interface ShareMemberOptions {
  groupId: string;
  topic: string;
  bootstrap: string[];
  link: LinkConfig;
  /** The member's partitions changed (those of its topic). */
  onAssignment(partitions: ReadonlySet<number>): void;
  /** A heartbeat or lookup failed; the member keeps trying. */
  onProblem(cause: string): void;
  signal: AbortSignal;
}

export interface TopicRoute {
  topicId: Buffer;
  /** Partition -> leader's address. */
  leaders: Map<number, BrokerAddress & { nodeId: number }>;
}

/**
 * This poller's membership of the mapping's share group: it joins with a member id of its own
 * (share-group members name themselves, KIP-932), heartbeats at the interval the coordinator
 * asks for, learns its partitions, and leaves on `leave()`. Links are one per broker, reused.
 */
export class ShareMember {
  readonly memberId = randomBytes(16).toString('base64url');
  private epoch = 0;
  private coordinator: BrokerLink | undefined;
  private readonly links = new Map<string, BrokerLink>();
  private heartbeatIntervalMs = 5_000;
  private running: Promise<void> | undefined;
  private assigned: ReadonlySet<number> = new Set();
  route: TopicRoute | undefined;
  /** When the member last heard from the coordinator, for the status. */
  lastHeartbeatAt = 0;

  constructor(private readonly options: ShareMemberOptions) {}

  link(address: BrokerAddress): BrokerLink {
    const key = `${address.host}:${address.port}`;
    let link = this.links.get(key);
    if (!link) {
      link = new BrokerLink(address, this.options.link);
      this.links.set(key, link);
    }
    return link;
  }

  get partitions(): ReadonlySet<number> {
    return this.assigned;
  }

  get memberEpoch(): number {
    return this.epoch;
  }

  /** Topic id and partition leaders, from the first bootstrap broker that answers. */
  async refreshRoute(): Promise<TopicRoute> {
    let lastError: unknown;
    for (const server of this.options.bootstrap) {
      try {
        const metadata = decodeMetadata(await this.link(addressOf(server)).send('Metadata', encodeMetadata([this.options.topic])));
        const topic = metadata.topics.find((entry) => entry.name === this.options.topic);
        if (!topic || topic.errorCode !== 0) throw new Error(`topic ${this.options.topic}: ${topic ? errorName(topic.errorCode) : 'not in the metadata'}`);
        const brokers = new Map(metadata.brokers.map((broker) => [broker.nodeId, broker]));
        const leaders = new Map(
          topic.partitions.flatMap((partition) => {
            const broker = brokers.get(partition.leaderId);
            return broker ? [[partition.partitionIndex, { host: broker.host, port: broker.port, nodeId: broker.nodeId }] as const] : [];
          }),
        );
        this.route = { topicId: topic.topicId, leaders };
        return this.route;
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  private async findCoordinator(): Promise<BrokerLink> {
    let lastError: unknown;
    for (const server of this.options.bootstrap) {
      try {
        return this.link(await this.link(addressOf(server)).findCoordinator(this.options.groupId));
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  private async heartbeat(epoch: number): Promise<void> {
    this.coordinator ??= await this.findCoordinator();
    const joining = epoch === 0;
    const body = encodeShareGroupHeartbeat({ groupId: this.options.groupId, memberId: this.memberId, memberEpoch: epoch, rackId: null, subscribedTopicNames: joining ? [this.options.topic] : null });
    const response = decodeShareGroupHeartbeat(await this.coordinator.send('ShareGroupHeartbeat', body));
    if (response.errorCode !== 0) {
      if (FIND_COORDINATOR_AGAIN.has(response.errorCode)) this.coordinator = undefined;
      if (REJOIN.has(response.errorCode)) this.epoch = 0;
      throw new ShareGroupError('ShareGroupHeartbeat', response.errorCode, response.errorMessage);
    }
    this.lastHeartbeatAt = Date.now();
    this.epoch = response.memberEpoch;
    this.heartbeatIntervalMs = response.heartbeatIntervalMs;
    if (response.assignment) {
      const topicId = this.route?.topicId ?? (await this.refreshRoute()).topicId;
      const mine = response.assignment.find((entry) => entry.topicId.equals(topicId));
      const partitions = new Set(mine?.partitions ?? []);
      if (response.assignment.some((entry) => !entry.topicId.equals(topicId))) {
        this.options.onProblem(`the share group assigned topic ids other than ${this.options.topic}'s (${uuidText(topicId)}): is the group id used by another consumer?`);
      }
      if ([...partitions].some((partition) => !this.route!.leaders.has(partition))) await this.refreshRoute();
      this.assigned = partitions;
      this.options.onAssignment(partitions);
    }
  }

  /** The group as its coordinator describes it (ShareGroupDescribe), for the status. */
  async describeGroup(): Promise<DescribedShareGroup | undefined> {
    const coordinator = await this.findCoordinator();
    const [group] = decodeShareGroupDescribe(await coordinator.send('ShareGroupDescribe', encodeShareGroupDescribe([this.options.groupId]))).groups;
    return group;
  }

  /** Joins, then heartbeats in the background until `leave()`. */
  async join(): Promise<void> {
    await this.refreshRoute();
    await this.heartbeat(0);
    this.running = this.beat();
  }

  private async beat(): Promise<void> {
    const { signal } = this.options;
    while (!signal.aborted) {
      // Until partitions come, heartbeat often: the coordinator hands an assignment out on a heartbeat.
      const waitMs = this.assigned.size === 0 ? Math.min(this.heartbeatIntervalMs, UNASSIGNED_HEARTBEAT_MS) : this.heartbeatIntervalMs;
      if (!(await sleep(waitMs, true, { signal }).catch(() => false))) return;
      try {
        await this.heartbeat(this.epoch);
      } catch (error) {
        if (signal.aborted) return;
        this.options.onProblem(`share group heartbeat: ${(error as Error).message}`);
        if (this.coordinator === undefined || this.epoch === 0) this.heartbeatIntervalMs = 1_000;
      }
    }
  }

  /** Leaves the group (its records still acquired go back to it) and closes the links. */
  async leave(): Promise<void> {
    await this.running;
    if (this.coordinator && this.epoch > 0) {
      const body = encodeShareGroupHeartbeat({ groupId: this.options.groupId, memberId: this.memberId, memberEpoch: LEAVE_EPOCH, rackId: null, subscribedTopicNames: null });
      await this.coordinator.send('ShareGroupHeartbeat', body).catch(() => undefined);
    }
    await Promise.all([...this.links.values()].map((link) => link.close()));
    this.links.clear();
  }
}

import {
  acknowledgementBatches,
  AcknowledgeType,
  type BrokerLink,
  decodeShareAcknowledge,
  decodeShareFetch,
  encodeShareAcknowledge,
  encodeShareFetch,
  ShareAcquireMode,
  ShareGroupError,
  type AcknowledgeTypeValue,
  type ShareFetchResponse,
  type TopicAcknowledgements,
} from '../share-group';

/** Offset -> acknowledgement type, per partition. */
export type PendingAcknowledgements = Map<number, Map<bigint, AcknowledgeTypeValue>>;

const SESSION_NOT_FOUND = 122;
const INVALID_SESSION_EPOCH = 123;
const MAX_EPOCH = 2 ** 31 - 1;

export interface FetchOptions {
  maxRecords: number;
  maxWaitMs: number;
}

/**
 * One share session: this member's fetches from one partition leader, and the acknowledgements
 * of what it fetched there. Requests go one at a time, each with the session's next epoch, as
 * KIP-932 requires; a session the broker lost (restarted, evicted) is opened again, and the
 * acknowledgements that rode on the failed request are lost with it: their records come back
 * when their locks expire, so nothing is lost, only delivered again.
 */
export class ShareSession {
  private epoch = 0;
  private partitions = new Set<number>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly link: BrokerLink,
    private readonly groupId: string,
    private readonly memberId: string,
    private readonly topicId: Buffer,
  ) {}

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step, step);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private advance(): void {
    this.epoch = this.epoch >= MAX_EPOCH ? 1 : this.epoch + 1;
  }

  private reset(code: number): void {
    if (code === SESSION_NOT_FOUND || code === INVALID_SESSION_EPOCH) {
      this.epoch = 0;
      this.partitions = new Set();
    }
  }

  private topics(partitions: Iterable<number>, acks: PendingAcknowledgements): TopicAcknowledgements[] {
    const all = new Set([...partitions, ...acks.keys()]);
    if (all.size === 0) return [];
    return [{ topicId: this.topicId, partitions: [...all].map((partition) => ({ partition, batches: acknowledgementBatches(acks.get(partition) ?? new Map()) })) }];
  }

  /** Fetches from `wanted` partitions (the session adds and forgets to match) with `acks` riding along. */
  fetch(wanted: ReadonlySet<number>, acks: PendingAcknowledgements, options: FetchOptions): Promise<ShareFetchResponse> {
    return this.serial(async () => {
      // A new session cannot carry acknowledgements: those of records fetched in the lost one are void.
      const carried: PendingAcknowledgements = this.epoch === 0 ? new Map<number, Map<bigint, AcknowledgeTypeValue>>() : acks;
      const added = [...wanted].filter((partition) => !this.partitions.has(partition));
      const forgotten = [...this.partitions].filter((partition) => !wanted.has(partition));
      const body = encodeShareFetch({
        groupId: this.groupId,
        memberId: this.memberId,
        shareSessionEpoch: this.epoch,
        maxWaitMs: options.maxWaitMs,
        minBytes: 1,
        maxBytes: 0x7fffffff,
        maxRecords: options.maxRecords,
        batchSize: options.maxRecords,
        shareAcquireMode: ShareAcquireMode.RECORD_LIMIT,
        isRenewAck: false,
        topics: this.topics(this.epoch === 0 ? wanted : added, carried),
        forgottenTopics: forgotten.length > 0 ? [{ topicId: this.topicId, partitions: forgotten }] : [],
      });
      const response = decodeShareFetch(await this.link.send('ShareFetch', body, options.maxWaitMs + 30_000));
      if (response.errorCode !== 0) {
        this.reset(response.errorCode);
        throw new ShareGroupError('ShareFetch', response.errorCode, response.errorMessage);
      }
      this.partitions = new Set(wanted);
      this.advance();
      return response;
    });
  }

  /** Acknowledges without fetching; with `renew`, only extends the locks of `offsets` (KIP-1222's RENEW). */
  acknowledge(acks: PendingAcknowledgements, renew = false): Promise<void> {
    return this.serial(async () => {
      if (this.epoch === 0 || acks.size === 0) return;
      const body = encodeShareAcknowledge({ groupId: this.groupId, memberId: this.memberId, shareSessionEpoch: this.epoch, isRenewAck: renew, topics: this.topics([], acks) });
      const response = decodeShareAcknowledge(await this.link.send('ShareAcknowledge', body));
      if (response.errorCode !== 0) {
        this.reset(response.errorCode);
        throw new ShareGroupError('ShareAcknowledge', response.errorCode, response.errorMessage);
      }
      this.advance();
      const failed = response.responses.flatMap((topic) => topic.partitions).find((partition) => partition.errorCode !== 0);
      if (failed) throw new ShareGroupError('ShareAcknowledge', failed.errorCode, failed.errorMessage);
    });
  }

  /** Renews the locks of records still being processed. */
  renew(offsets: Map<number, bigint[]>): Promise<void> {
    const acks: PendingAcknowledgements = new Map([...offsets].map(([partition, list]) => [partition, new Map(list.map((offset) => [offset, AcknowledgeType.RENEW]))]));
    return this.acknowledge(acks, true);
  }

  /** Closes the session with what is left to acknowledge; records still acquired are released by the broker. */
  close(acks: PendingAcknowledgements): Promise<void> {
    return this.serial(async () => {
      if (this.epoch === 0) return;
      const body = encodeShareAcknowledge({ groupId: this.groupId, memberId: this.memberId, shareSessionEpoch: -1, isRenewAck: false, topics: this.topics([], acks) });
      await this.link.send('ShareAcknowledge', body).catch(() => undefined);
      this.epoch = 0;
      this.partitions = new Set();
    });
  }
}

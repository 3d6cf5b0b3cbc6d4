import type { InvocationReport } from './batch-runner';

/** An offset Kafka accepted: the next one the group reads of that partition. */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * What a mapping's pipeline tells those who watch it (the metrics, the console's history, the
 * log), at the point where it happens. Nothing that watches is passed into the pipeline: each
 * subscribes, and the pipeline runs the same with no one listening.
 */
export interface PipelineEventMap {
  /** Records fetched from one partition, of which `filteredOut` the filter dropped and `undecodable` the registry could not decode. */
  polled: { topic: string; partition: number; firstOffset: number; records: number; filteredOut: number; undecodable: number };
  /** The group gave this member new partitions (possibly none). */
  rebalanced: { partitions: number[] };
  /** The payload a request is about to be given. */
  invoking: { requestId: string; payload: string };
  /** The function answered (or failed, or timed out). */
  invoked: InvocationReport;
  /** Records given up on with no destination that could take them. */
  dropped: { condition: string; offsets: string[]; destination: string };
  /** Records written to the `kafka://` on-failure destination. */
  sentToDestination: { condition: string; offsets: string[]; destination: string };
  /** A write to the on-failure destination failed; it is tried again. */
  destinationError: { attempt: number; error: Error };
  committed: { offsets: readonly CommittedOffset[] };
  /** A commit request failed; `retrying` says whether its offsets will be sent again. */
  commitError: { error: Error; offsets: string[]; retrying: boolean };
  /** Something kept the mapping from polling (each retry counts). */
  pollingError: { cause: string };
  /** The registry did not answer, or `records` records did not decode. */
  schemaRegistryError: { records: number };
  /** Records the registry could not decode, by reason, on their way to the on-failure destination. */
  undecodable: { reason: string; errors: string[] };
}

export type PipelineEventName = keyof PipelineEventMap;
type Listener<K extends PipelineEventName> = (event: PipelineEventMap[K]) => void;

/** A mapping's events, typed by name. Listeners only count and write down: they do not throw. */
export class PipelineEvents {
  private readonly listeners = new Map<PipelineEventName, Set<Listener<never>>>();

  /** Returns the unsubscribe. */
  on<K extends PipelineEventName>(name: K, listener: Listener<K>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends PipelineEventName>(name: K, event: PipelineEventMap[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of set) (listener as Listener<K>)(event);
  }
}

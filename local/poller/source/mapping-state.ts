/** AWS's `State` of an event source mapping, as far as one local process can be in it. */
export type MappingStateName = 'Creating' | 'Enabled' | 'Disabling' | 'Disabled';

/** AWS's `LastProcessingResult`: `No records processed` before the first fetch, then `OK` or `PROBLEM: <cause>`. */
export type ProcessingResult = 'No records processed' | 'OK' | `PROBLEM: ${string}`;

/** A turn of `LastProcessingResult`: a problem begins (or its cause changes), or polling works again. */
export interface StateChange {
  kind: 'problem' | 'recovered';
  lastProcessingResult: ProcessingResult;
  /** What the reporter adds for the log line (the partitions held, when the consumer restarts). */
  details: Record<string, unknown>;
}

/**
 * What `GetEventSourceMapping` would say about this mapping: one per mapping, from its first
 * connection attempt to its stop. Whoever sees a change tells it through these methods; the
 * listener hears each turn once (a problem when it begins, not on every retry), which is how the
 * log says it once.
 */
export class MappingState {
  state: MappingStateName = 'Creating';
  lastProcessingResult: ProcessingResult = 'No records processed';

  constructor(private readonly onChange: (change: StateChange) => void = () => undefined) {}

  get problem(): boolean {
    return this.lastProcessingResult.startsWith('PROBLEM: ');
  }

  enabled(): void {
    if (this.state === 'Creating') this.state = 'Enabled';
  }

  disabling(): void {
    this.state = 'Disabling';
  }

  disabled(): void {
    this.state = 'Disabled';
  }

  /** A fetch went through (or the mapping connected). True when it ends a problem. */
  polled(details: Record<string, unknown> = {}): boolean {
    if (!this.problem) return false;
    return this.recovered(details);
  }

  /** A batch reached the function. True when it ends a problem. */
  processed(details: Record<string, unknown> = {}): boolean {
    if (this.problem) return this.recovered(details);
    this.lastProcessingResult = 'OK';
    return false;
  }

  /** True when this cause is new (the mapping was fine, or failed for another reason). */
  failed(cause: string, details: Record<string, unknown> = {}): boolean {
    const result: ProcessingResult = `PROBLEM: ${cause}`;
    if (result === this.lastProcessingResult) return false;
    this.lastProcessingResult = result;
    this.onChange({ kind: 'problem', lastProcessingResult: result, details });
    return true;
  }

  private recovered(details: Record<string, unknown>): true {
    this.lastProcessingResult = 'OK';
    this.onChange({ kind: 'recovered', lastProcessingResult: 'OK', details });
    return true;
  }
}

/** A partition of the mapping's topic, as `status` reports it. */
export interface PartitionStatus {
  partition: number;
  committed: number;
  highWatermark: number;
  lag: number;
  queued: number;
  inFlight: boolean;
}

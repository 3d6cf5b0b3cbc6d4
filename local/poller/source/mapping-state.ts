/** AWS's `State` of an event source mapping, as far as one local process can be in it. */
export type MappingStateName = 'Creating' | 'Enabled' | 'Disabling' | 'Disabled';

/** AWS's `LastProcessingResult`: `No records processed` before the first fetch, then `OK` or `PROBLEM: <cause>`. */
export type ProcessingResult = 'No records processed' | 'OK' | `PROBLEM: ${string}`;

/**
 * What `GetEventSourceMapping` would say about this mapping. The setters answer whether the
 * result changed, so the poller logs a problem once when it begins, not on every retry.
 */
export class MappingState {
  state: MappingStateName = 'Creating';
  lastProcessingResult: ProcessingResult = 'No records processed';

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

  /** A fetch went through. True when it ends a problem. */
  polled(): boolean {
    if (!this.problem) return false;
    this.lastProcessingResult = 'OK';
    return true;
  }

  /** A batch reached the function. True when it ends a problem. */
  processed(): boolean {
    const recovered = this.problem;
    this.lastProcessingResult = 'OK';
    return recovered;
  }

  /** True when this cause is new (the mapping was fine, or failed for another reason). */
  failed(cause: string): boolean {
    const result: ProcessingResult = `PROBLEM: ${cause}`;
    if (result === this.lastProcessingResult) return false;
    this.lastProcessingResult = result;
    return true;
  }
}

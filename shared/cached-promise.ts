export interface CachedPromiseOptions {
  /** After a failure, calls for this long (ms) get that same failure instead of trying afresh. Default 0. */
  failureHoldMs?: number;
}

/**
 * A promise made on first use and kept, unless it rejects: one failure must not poison later
 * calls, which then try afresh (at once, or once the failure hold has passed).
 */
export class CachedPromise<T> {
  readonly #create: () => Promise<T>;
  readonly #failureHoldMs: number;
  #value: Promise<T> | undefined;
  #failure: { error: unknown; until: number } | undefined;

  constructor(create: () => Promise<T>, options: CachedPromiseOptions = {}) {
    this.#create = create;
    this.#failureHoldMs = options.failureHoldMs ?? 0;
  }

  get(): Promise<T> {
    if (this.#value) return this.#value;
    if (this.#failure && Date.now() < this.#failure.until) return Promise.reject(this.#failure.error);
    const value = this.#create();
    this.#value = value;
    value.catch((error: unknown) => this.fail(value, error));
    return value;
  }

  /** Drops `value` if it is still the one kept; a newer one made meanwhile stays. */
  forget(value: Promise<T>): void {
    if (this.#value === value) this.#value = undefined;
  }

  /** Drops `value`, which failed or turned out unusable, and holds `error` for the calls that follow. */
  fail(value: Promise<T>, error: unknown): void {
    if (this.#value !== value) return;
    this.#value = undefined;
    this.#failure = { error, until: Date.now() + this.#failureHoldMs };
  }

  /** Forgets the value and hands it over, so the caller can dispose of it. */
  take(): Promise<T> | undefined {
    const value = this.#value;
    this.#value = undefined;
    return value;
  }
}

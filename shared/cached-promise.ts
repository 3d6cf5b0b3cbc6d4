/**
 * A promise made on first use and kept, unless it rejects: one failure must not poison later
 * calls, which then try afresh.
 */
export class CachedPromise<T> {
  readonly #create: () => Promise<T>;
  #value: Promise<T> | undefined;

  constructor(create: () => Promise<T>) {
    this.#create = create;
  }

  get(): Promise<T> {
    if (!this.#value) {
      const value = this.#create();
      this.#value = value;
      value.catch(() => this.forget(value));
    }
    return this.#value;
  }

  /** Drops `value` if it is still the one kept; a newer one made meanwhile stays. */
  forget(value: Promise<T>): void {
    if (this.#value === value) this.#value = undefined;
  }

  /** Forgets the value and hands it over, so the caller can dispose of it. */
  take(): Promise<T> | undefined {
    const value = this.#value;
    this.#value = undefined;
    return value;
  }
}

import type { InvocationReport } from '../delivery/batch-runner';
import { invocationSummary, type InvocationSummary } from '../delivery/invocation-summary';

/** An invocation as the console lists it; the event itself is fetched on demand. */
export interface InvocationEntry extends InvocationSummary {
  startedAt: string;
}

/** Events larger than this are not kept; the console says so instead of showing them. */
const MAX_KEPT_EVENT_BYTES = 1024 * 1024;

/**
 * The latest invocations of one mapping and the events they were given, in memory only (the
 * events hold message bodies, which never go to logs). Listeners hear of each as it ends.
 */
export class InvocationHistory {
  private readonly entries: InvocationEntry[] = [];
  private readonly events = new Map<string, { payload: string | undefined; startedAt: string }>();
  private readonly listeners = new Set<(entry: InvocationEntry) => void>();

  constructor(
    private readonly functionName: string,
    private readonly size = 50,
  ) {}

  /** The event a request is about to be given. */
  invoking(requestId: string, payload: string): void {
    // An invocation cut short by a stop never finishes: forget the oldest of those too.
    if (this.events.size >= this.size * 2) this.events.delete(this.events.keys().next().value!);
    this.events.set(requestId, { payload: payload.length <= MAX_KEPT_EVENT_BYTES ? payload : undefined, startedAt: new Date().toISOString() });
  }

  finished(invocation: InvocationReport): void {
    const entry: InvocationEntry = {
      ...invocationSummary(this.functionName, invocation),
      startedAt: this.events.get(invocation.requestId)?.startedAt ?? new Date().toISOString(),
    };
    this.entries.push(entry);
    while (this.entries.length > this.size) this.events.delete(this.entries.shift()!.requestId);
    for (const listener of this.listeners) listener(entry);
  }

  latest(): InvocationEntry[] {
    return [...this.entries];
  }

  /** The event as sent; `undefined` when forgotten, `too-large` when it was not kept. */
  event(requestId: string): string | undefined {
    if (!this.entries.some((entry) => entry.requestId === requestId)) return undefined;
    const kept = this.events.get(requestId);
    return kept && (kept.payload ?? 'too-large');
  }

  onInvocation(listener: (entry: InvocationEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

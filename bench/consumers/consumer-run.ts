import { reportToBench, type ChildMessage } from '../child-process';
import { median } from '../stats';

/** What the bench asks a consumer child to read. */
export interface ConsumerSpec {
  brokers: string[];
  topic: string;
  groupId: string;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Stop once this many records were delivered; without it, run until SIGTERM. */
  expectRecords?: number;
}

export interface ConsumerResult extends ChildMessage {
  type: 'result';
  records: number;
  /** From the moment the consumer had joined its group to the last expected record. */
  elapsedMs: number;
  /** The process's resident memory, sampled every 200 ms while it consumed. */
  rssMedianMb: number;
  rssPeakMb: number;
  /** CPU time the whole process (every thread) used over `elapsedMs`. */
  cpuMs: number;
}

const RSS_INTERVAL_MS = 200;

export function specFromArgv<T>(): T {
  const json = process.argv[2];
  if (!json) throw new Error('usage: <consumer>.ts <spec as JSON>');
  return JSON.parse(json) as T;
}

/**
 * Times one consumer child: `consumed` is called as records are delivered; the run ends when
 * the expected count is reached, or on SIGTERM when no count was given.
 */
export class ConsumerRun {
  private records = 0;
  private startedAt = 0;
  private endedAt = 0;
  private cpuAtStart: NodeJS.CpuUsage | undefined;
  private cpu: NodeJS.CpuUsage | undefined;
  private readonly rss: number[] = [];
  private sampler: NodeJS.Timeout | undefined;
  private finish: () => void = () => undefined;
  readonly finished = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(private readonly expectRecords: number | undefined) {
    // For good: a second signal (a Ctrl-C reaches the whole process group, then the bench's own SIGTERM) must not kill it mid-report.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => this.end());
  }

  /** Call once the consumer has joined its group. */
  started(): void {
    this.startedAt = performance.now();
    this.cpuAtStart = process.cpuUsage();
    this.sampler = setInterval(() => this.rss.push(process.memoryUsage.rss() / 2 ** 20), RSS_INTERVAL_MS);
    reportToBench({ type: 'ready' });
  }

  consumed(count: number): void {
    this.records += count;
    if (this.expectRecords !== undefined && this.records >= this.expectRecords) this.end();
  }

  private end(): void {
    if (this.endedAt) return;
    this.endedAt = performance.now();
    this.cpu = process.cpuUsage(this.cpuAtStart);
    clearInterval(this.sampler);
    this.finish();
  }

  report(): void {
    const rss = this.rss.length > 0 ? this.rss : [process.memoryUsage.rss() / 2 ** 20];
    const result: ConsumerResult = {
      type: 'result',
      records: this.records,
      elapsedMs: this.endedAt - this.startedAt,
      rssMedianMb: median(rss),
      rssPeakMb: Math.max(...rss),
      cpuMs: this.cpu ? (this.cpu.user + this.cpu.system) / 1000 : 0,
    };
    reportToBench(result);
  }
}

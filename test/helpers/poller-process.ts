import type { ChildProcess } from 'node:child_process';
import { waitUntil } from './wait';

export interface PollerLogLine {
  level?: string;
  message: string;
  [field: string]: unknown;
}

export interface InvocationLine extends PollerLogLine {
  /** When the invocation ended (ISO 8601). */
  time: string;
  requestId: string;
  partitions: string[];
  records: number;
  outcome: 'success' | 'error' | 'timeout';
  attempt: number;
  durationMs: number;
  errorType?: string;
}

export interface PollerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const running = new Set<PollerProcess>();

/** One poller CLI child process and every line it wrote. */
export class PollerProcess {
  readonly lines: PollerLogLine[] = [];
  stderr = '';
  readonly exited: Promise<PollerExit>;
  /** Once every process writing to its output has closed it (a grandchild may outlive the child). */
  readonly closed: Promise<void>;
  /** Set once the process has exited. */
  exitStatus: PollerExit | undefined;

  constructor(private readonly child: ChildProcess) {
    running.add(this);
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop()!;
      for (const line of parts.filter(Boolean)) this.lines.push(parseLine(line));
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(this);
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  invocations(): InvocationLine[] {
    return this.lines.filter((line): line is InvocationLine => line.message === 'invocation');
  }

  /** Waits until `count` invocations are logged (whatever their outcome). */
  waitForInvocations(count: number, timeoutMs = 45_000): Promise<InvocationLine[]> {
    return waitUntil(`${count} invocations are logged\n${this.stderr}`, () => this.invocations().length >= count && this.invocations(), timeoutMs);
  }

  /** Freezes the process (SIGSTOP): its connections stay open, nothing in it runs, until it is killed. */
  freeze(): void {
    this.child.kill('SIGSTOP');
  }

  stop(signal: 'SIGTERM' | 'SIGINT' | 'SIGKILL' = 'SIGTERM'): Promise<PollerExit> {
    this.child.kill(signal);
    return this.exited;
  }
}

function parseLine(line: string): PollerLogLine {
  try {
    return JSON.parse(line) as PollerLogLine;
  } catch {
    return { message: line };
  }
}

/** Kills every poller process still running, so none outlives its test. */
export async function killRunningPollers(): Promise<void> {
  await Promise.all([...running].map((poller) => poller.stop('SIGKILL')));
}

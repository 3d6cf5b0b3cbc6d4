import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../local/config';
import { stopChild } from '../local/process';

const STOP_GRACE_MS = 10_000;
/** Marks the lines a bench child reports on; anything else on its stdout (a handler's logs) is ignored. */
export const REPORT_PREFIX = '@bench ';

/** What a bench child calls to report to the bench. */
export function reportToBench(message: ChildMessage): void {
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(message)}\n`);
}

export interface BoundedResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, killed if it takes longer than `timeoutMs`. */
export async function runBounded(command: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<BoundedResult> {
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const timer = setTimeout(() => void stopChild(child, STOP_GRACE_MS), timeoutMs);
  try {
    const code = await exited;
    if (child.signalCode) throw new Error(`${command} ${args.at(-1) ?? ''} was stopped after ${timeoutMs / 1000}s (${child.signalCode}):\n${stderr.slice(-2_000)}`);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

export interface ChildMessage {
  type: string;
  [field: string]: unknown;
}

/**
 * A TypeScript child of the bench (`node --import tsx file '<spec as JSON>'`) that reports with
 * `reportToBench`: one JSON object with a `type` per line. Killed when it outlives `timeoutMs`.
 */
export class BenchChild {
  private readonly child: ChildProcess;
  private readonly messages: ChildMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private stderr = '';
  readonly exited: Promise<number | null>;
  private readonly timer: NodeJS.Timeout;

  constructor(file: string, spec: unknown, timeoutMs: number) {
    this.child = spawn(process.execPath, ['--import', 'tsx', file, JSON.stringify(spec)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith(REPORT_PREFIX)) this.messages.push(JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildMessage);
      this.wake();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4_000)));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => resolve(code)));
    void this.exited.then(() => this.wake());
    this.timer = setTimeout(() => void stopChild(this.child, STOP_GRACE_MS), timeoutMs);
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter();
  }

  /** The first message of this type, once it arrives; fails if the child exits without sending one. */
  async message<T extends ChildMessage>(type: string): Promise<T> {
    for (;;) {
      const found = this.messages.find((message) => message.type === type);
      if (found) return found as T;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the bench child exited (${this.child.exitCode ?? this.child.signalCode}) before reporting "${type}":\n${this.stderr.trim()}`);
      }
      await new Promise<void>((resolve) => {
        const waiter = (): void => {
          this.waiters.delete(waiter);
          resolve();
        };
        this.waiters.add(waiter);
      });
    }
  }

  /** Asks the child to finish (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    await stopChild(this.child, STOP_GRACE_MS);
    // Its output is read to the end ('close' comes after 'exit').
    await this.exited;
    clearTimeout(this.timer);
  }

  /** Waits for the child to exit by itself. */
  async finished(): Promise<void> {
    await this.exited;
    clearTimeout(this.timer);
  }
}

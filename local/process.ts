import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** True when `command` can be run (it answers `args` with exit code 0). */
export function commandWorks(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 15_000 });
  return result.status === 0;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, so we never signal a pid the OS has handed to someone else. */
export function commandLineOf(pid: number): string | undefined {
  const result = spawnSync('ps', ['-p', String(pid), '-o', 'command='], { encoding: 'utf8' });
  const line = result.stdout?.trim();
  return result.status === 0 && line ? line : undefined;
}

/**
 * SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. `crash` sends
 * SIGKILL at once, as a crash would: no shutdown hook runs.
 */
export async function stopProcess(pid: number, graceMs: number, crash = false): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, crash ? 'SIGKILL' : 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
}

/** `stopProcess` for a child this process spawned: SIGTERM, SIGKILL after `graceMs`, resolved once it has exited. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(kill);
}

export interface RunResult {
  code: number;
  output: string;
}

/**
 * Runs a command to completion, handing each output line to `onLine` as it comes
 * (progress for long steps) and keeping the whole output for error messages.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; onLine?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let pending = '';
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine?.(line);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (pending) options.onLine?.(pending);
      resolve({ code: code ?? 1, output });
    });
  });
}

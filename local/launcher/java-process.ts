import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { commandLineOf, isAlive, stopProcess } from '../process';

/** A Java process as a state file records it: its pid, and the log to quote if it dies. */
export interface JavaProcess {
  pid: number;
  logPath: string;
}

/** A Java process `up` started, told apart from whoever gets its pid later by a marker in its command line. */
export interface OwnedProcess {
  pid: number;
  /** A path only this process has on its command line (its config file, its data folder). */
  marker: string;
}

/** Starts `java` detached, so it outlives this command, with its output appended to `logPath`. */
export function spawnJava(args: string[], logPath: string, what: string): number {
  const log = fs.openSync(logPath, 'a');
  const child = spawn('java', args, { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error(`java could not be started for ${what}`);
  child.unref();
  return child.pid;
}

/** True when the process is still the one we started, not a reused pid. */
export function isOurs(process: OwnedProcess): boolean {
  return isAlive(process.pid) && (commandLineOf(process.pid)?.includes(process.marker) ?? false);
}

/** SIGTERM (SIGKILL at once with `crash`), SIGKILL after `graceMs`; never a process that is not ours. */
export async function stopOurs(processes: readonly OwnedProcess[], graceMs: number, crash = false): Promise<void> {
  await Promise.all(processes.filter(isOurs).map(({ pid }) => stopProcess(pid, graceMs, crash)));
}

/** The end of a log, for the error of a process that exited while starting. */
export function lastLines(file: string, count: number): string {
  if (!fs.existsSync(file)) return '(no log)';
  return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}

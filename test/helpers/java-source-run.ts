import { spawn } from 'node:child_process';
import { stopChild } from '../../local/process';

const JVM_OPTIONS = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];
const STOP_GRACE_MS = 5_000;

export interface JavaSourceRun {
  /** A single-file Java program, run by Java's source launcher. */
  source: string;
  classpath: string;
  /** Written to its standard input. */
  input: string;
  /** It is stopped when it outlives this. */
  timeoutMs: number;
  /** What it is, for errors: "the Java record writer". */
  what: string;
  /** Its command-line arguments. */
  args?: string[];
}

/** Runs a Java test writer on `input`; resolves with its stdout once it succeeded, else rejects with its stderr. */
export async function runJavaSource({ source, classpath, input, timeoutMs, what, args = [] }: JavaSourceRun): Promise<string> {
  const child = spawn('java', [...JVM_OPTIONS, '-cp', classpath, source, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  child.stdin.end(input);
  const timer = setTimeout(() => void stopChild(child, STOP_GRACE_MS), timeoutMs);
  try {
    const code = await exited;
    if (child.signalCode) throw new Error(`${what} was stopped after ${timeoutMs / 1000} s (${child.signalCode}):\n${stderr.trim()}`);
    if (code !== 0) throw new Error(`${what} failed (exit ${code}):\n${stderr.trim()}`);
    return stdout;
  } finally {
    clearTimeout(timer);
  }
}

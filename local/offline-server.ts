import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROJECT_ROOT } from './config';
import { MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS } from './poller/index';
import { serverlessBin } from './cli';
import { stopChild } from './process';

export const OFFLINE_HTTP_PORT = 3000;
export const OFFLINE_LAMBDA_PORT = 3002;
const SERVERLESS_BIN = serverlessBin(PROJECT_ROOT);
const EXIT_WITH_PARENT = path.join(PROJECT_ROOT, 'local/exit-with-parent.cjs');
const READY_TIMEOUT_MS = 120_000;
/**
 * A clean stop of the poller inside waits for its invocations in flight, each bounded by its
 * function's timeout (at most 14 minutes for a Kafka-triggered function): only past that is
 * offline killed. A person who wants out sooner presses Ctrl-C again (`kill()`).
 */
const STOP_GRACE_MS = (MAX_KAFKA_FUNCTION_TIMEOUT_SECONDS + 30) * 1000;

export interface OfflineServer {
  url: string;
  /** SIGTERM, then waits for it to exit (SIGKILL only past the longest a clean stop may take). */
  stop(): Promise<void>;
  /** SIGKILL at once: a forced stop. */
  kill(): void;
}

export interface OfflineOptions {
  /** Ports of its own, for an instance beside `npm start`'s (3000 and 3002). */
  httpPort?: number;
  lambdaPort?: number;
  /** `--param name=value` each: overrides a param of serverless.yml, such as the topic messages go to. */
  params?: Record<string, string>;
  /**
   * Run the msk function's poller (serverless-offline-kafka) too, as `npm start` does; off by
   * default, so a `serverless offline` started for its HTTP functions consumes nothing.
   */
  poll?: boolean;
  /** Ready only once a line of the output passes this too (the poller's `status server` line, say). */
  readyLine?: (line: string) => boolean;
}

/** Resolves once `serverless offline` answers HTTP and `lineSeen()`; fails with its output if it exits first. */
async function waitForReady(child: ChildProcess, url: string, lineSeen: () => boolean, output: () => string): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`serverless offline exited with code ${child.exitCode}:\n${output()}`);
    const answered = await fetch(url).then(() => true, () => false);
    if (answered && lineSeen()) return;
    await sleep(250);
  }
  throw new Error(`serverless offline was not ready on ${url} within ${READY_TIMEOUT_MS / 1000}s:\n${output()}`);
}

/**
 * `serverless offline start` for this service: HTTP on 127.0.0.1:3000 and the Lambda invoke API
 * on 127.0.0.1:3002 (or the ports given), with the functions bundled by serverless-esbuild as
 * they are for deploy, and with `poll` the msk function fed by serverless-offline-kafka.
 */
export async function startOffline(env: NodeJS.ProcessEnv, onLine: (line: string) => void, options: OfflineOptions = {}): Promise<OfflineServer> {
  const { httpPort = OFFLINE_HTTP_PORT, lambdaPort = OFFLINE_LAMBDA_PORT, params = {}, poll = false, readyLine } = options;
  const args = ['offline', 'start', '--stage', 'local', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)];
  for (const [name, value] of Object.entries({ pollKafka: String(poll), ...params })) args.push('--param', `${name}=${value}`);
  const child = spawn(process.execPath, ['--require', EXIT_WITH_PARENT, SERVERLESS_BIN, ...args], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let lineSeen = !readyLine;
  /** Whole lines only: a chunk may end mid-line, and the rest of it comes with the next. */
  const collector = () => {
    let partial = '';
    return (chunk: Buffer): void => {
      const text = chunk.toString();
      output = (output + text).slice(-8_000);
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        lineSeen ||= readyLine?.(line) ?? true;
        onLine(line);
      }
    };
  };
  child.stdout!.on('data', collector());
  child.stderr!.on('data', collector());
  const stop = (): Promise<void> => stopChild(child, STOP_GRACE_MS);
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await waitForReady(child, `${url}/api/v1/notifications`, () => lineSeen, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop, kill: () => child.kill('SIGKILL') };
}

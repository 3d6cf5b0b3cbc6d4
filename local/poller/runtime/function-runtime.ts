import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { PollerLog } from '../log';
import { DEFAULT_RUNTIME, nodeMajorOf, refusesCallbackHandlers } from './lambda-runtimes';
import { LOCAL_ACCOUNT_ID, type InvokeReply, type InvokeRequest, type WorkerInit } from './protocol';
import { HandlerBuildError, runnableFile } from './runnable-file';
import { SourceWatch } from './source-watch';

/** A function as serverless.yml declares it, with its handler resolved to a file. */
export interface LambdaFunction {
  name: string;
  handlerFile: string;
  exportName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
  region: string;
  /** The account in the function's ARN: the MSK cluster's, or the one configured; 000000000000 when unset. */
  accountId?: string;
  /** The Lambda runtime (`nodejs24.x`), the function's else the provider's; the Framework's default when unset. */
  runtime?: string;
}

export type InvokeOutcome =
  | { status: 'success'; response: unknown; durationMs: number }
  | { status: 'error'; errorType: string; errorMessage: string; durationMs: number }
  | { status: 'timeout'; errorType: 'Sandbox.Timedout'; errorMessage: string; durationMs: number };

const utf8 = new TextEncoder();
/** The worker as built into the package (dist/), else its source, which `runnableFile` bundles. */
const WORKER_SOURCE = ['function-worker.js', 'function-worker.ts'].map((name) => path.join(__dirname, name)).find((file) => fs.existsSync(file))!;

/** Functions already warned about, so one with several mappings is named once. */
const warnedMismatch = new WeakSet<LambdaFunction>();

/** Says once per function when this Node.js is not the one its Lambda runtime runs. */
function warnOnNodeMismatch(fn: LambdaFunction, log: PollerLog | undefined): void {
  const runtime = fn.runtime ?? DEFAULT_RUNTIME;
  const runtimeMajor = nodeMajorOf(runtime);
  const localMajor = Number(process.versions.node.split('.')[0]);
  if (!log || runtimeMajor === undefined || runtimeMajor === localMajor || warnedMismatch.has(fn)) return;
  warnedMismatch.add(fn);
  log.warn('function runs on another Node.js here than on Lambda', {
    function: fn.name,
    runtime,
    localNode: process.version,
    mayDiffer: `what Node.js ${runtimeMajor} and ${localMajor} do differently (language features, built-in modules and their defaults, deprecations); run Node.js ${runtimeMajor} here to test what Lambda runs`,
  });
}

interface RunnableFiles {
  worker: string;
  handler: string;
}

export interface RuntimeOptions {
  /** Reload the function when its source changes (the handler and the local files it imports). */
  reload?: boolean;
  /** Where `function reloaded` and `function not ready` are said. */
  log?: PollerLog;
  /** Aborted when the mapping stops: a function the poller cannot prepare is then given up on, uninvoked. */
  signal?: AbortSignal;
}

/** Backoff while the poller cannot prepare a function (write its bundle, say): from this, doubling up to 5 s. */
const PREPARE_RETRY_MS = { base: 50, max: 5_000 };

/**
 * The poller could not prepare the function (its own fault, not the function's: a bundle it
 * could not write) and the mapping stopped meanwhile: the function never ran, and the batch
 * is left uncommitted, not charged an attempt.
 */
export class FunctionNotInvokedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FunctionNotInvokedError';
  }
}

/**
 * Warm "containers" of one function, each a worker thread serving one invocation at a time.
 * Concurrent invocations (different partitions) get their own workers, as Lambda scales out. A
 * timed-out or crashed worker is thrown away, so the next invocation starts cold, as on AWS.
 * With `reload`, a change to the function's source throws the warm workers away (a busy one once
 * its invocation ends): the next invocation bundles the source again and starts cold on it.
 */
export class FunctionRuntime {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();
  /** The source version each worker runs: one older than `generation` is not reused. */
  private readonly generations = new WeakMap<Worker, number>();
  private generation = 0;
  private runnable: Promise<RunnableFiles> | undefined;
  private readonly watch: SourceWatch | undefined;

  constructor(
    private readonly fn: LambdaFunction,
    private readonly options: RuntimeOptions = {},
  ) {
    warnOnNodeMismatch(fn, options.log);
    if (options.reload) {
      this.watch = new SourceWatch((files) => this.reload(files));
      this.watch.watch([fn.handlerFile]);
    }
  }

  /** Once per source version; a failed bundle (a syntax error, say) is tried again on the next invocation. */
  private files(): Promise<RunnableFiles> {
    this.runnable ??= Promise.all([runnableFile(WORKER_SOURCE), runnableFile(this.fn.handlerFile)]).then(
      ([worker, handler]) => {
        this.watch?.watch(handler.inputs);
        return { worker: worker.file, handler: handler.file };
      },
      (error: Error) => {
        this.runnable = undefined;
        throw error;
      },
    );
    return this.runnable;
  }

  private reload(changed: string[]): void {
    this.generation += 1;
    this.runnable = undefined;
    for (const worker of this.idle.splice(0)) void worker.terminate();
    const shown = changed.map((file) => (path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)));
    this.options.log?.info('function reloaded', { function: this.fn.name, changed: shown.length === 1 ? shown[0] : shown });
  }

  private spawn(files: RunnableFiles): Worker {
    const init: WorkerInit = {
      handlerFile: files.handler,
      exportName: this.fn.exportName,
      functionName: this.fn.name,
      memorySize: this.fn.memorySize,
      region: this.fn.region,
      accountId: this.fn.accountId ?? LOCAL_ACCOUNT_ID,
      callbackHandlersRemoved: refusesCallbackHandlers(this.fn.runtime ?? DEFAULT_RUNTIME),
    };
    return new Worker(files.worker, {
      workerData: init,
      env: {
        ...process.env,
        AWS_REGION: this.fn.region,
        AWS_LAMBDA_FUNCTION_NAME: this.fn.name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.fn.memorySize),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        ...this.fn.environment,
      },
    });
  }

  /**
   * The files to run, tried again for as long as the poller's own part fails (writing a bundle,
   * say): that is never the function's failure, so it costs no attempt. A handler that does not
   * build is the function's, as on Lambda.
   */
  private async preparedFiles(): Promise<RunnableFiles | HandlerBuildError> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.files();
      } catch (error) {
        if (error instanceof HandlerBuildError) return error;
        if (attempt === 0) this.options.log?.warn('function not ready', { function: this.fn.name, error: (error as Error).message, retrying: true });
        const waited = await sleep(Math.min(PREPARE_RETRY_MS.max, PREPARE_RETRY_MS.base * 2 ** attempt), true, { signal: this.options.signal }).catch(() => false);
        if (!waited) throw new FunctionNotInvokedError(`${this.fn.name} was not invoked: the poller could not prepare it (${(error as Error).message})`, { cause: error });
      }
    }
  }

  /**
   * Runs the function on `payload`, the event as JSON text. Throws `FunctionNotInvokedError`
   * when the mapping stops before the poller could prepare the function.
   */
  async invoke(payload: string, requestId: string = randomUUID()): Promise<InvokeOutcome> {
    const generation = this.generation;
    const files = await this.preparedFiles();
    if (files instanceof HandlerBuildError) return { status: 'error', errorType: files.errorType, errorMessage: files.message, durationMs: 0 };
    let worker = this.idle.pop();
    if (!worker) {
      worker = this.spawn(files);
      this.generations.set(worker, generation);
    }
    this.busy.add(worker);
    const started = Date.now();
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const request: InvokeRequest = { requestId, payload: utf8.encode(payload), deadline: started + timeoutMs };

    return new Promise<InvokeOutcome>((resolve) => {
      const finish = (outcome: InvokeOutcome, reusable: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        this.busy.delete(worker);
        if (reusable && this.generations.get(worker) === this.generation) this.idle.push(worker);
        else void worker.terminate();
        resolve(outcome);
      };
      const onMessage = (reply: InvokeReply): void => {
        if (reply.requestId !== requestId) return;
        const durationMs = Date.now() - started;
        finish(
          reply.ok
            ? { status: 'success', response: reply.response, durationMs }
            : { status: 'error', errorType: reply.errorType, errorMessage: reply.errorMessage, durationMs },
          true,
        );
      };
      const onError = (error: Error): void =>
        finish({ status: 'error', errorType: error.name, errorMessage: error.message, durationMs: Date.now() - started }, false);
      const onExit = (code: number): void =>
        finish({ status: 'error', errorType: 'Runtime.ExitError', errorMessage: `the function exited with code ${code}`, durationMs: Date.now() - started }, false);
      const timer = setTimeout(
        () =>
          finish(
            // The timer's clock and Date.now() may disagree by a millisecond; a timeout lasted the whole timeout, as Lambda reports it.
            { status: 'timeout', errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`, durationMs: Math.max(timeoutMs, Date.now() - started) },
            false,
          ),
        timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request, [request.payload.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.watch?.close();
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((worker) => worker.terminate()));
  }
}

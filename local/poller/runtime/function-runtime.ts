import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InvokeReply, InvokeRequest, WorkerInit } from './protocol';

/** A function as serverless.yml declares it, with its handler resolved to a file. */
export interface LambdaFunction {
  name: string;
  handlerFile: string;
  exportName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
  region: string;
}

export type InvokeOutcome =
  | { status: 'success'; response: unknown; durationMs: number }
  | { status: 'error'; errorType: string; errorMessage: string; durationMs: number }
  | { status: 'timeout'; errorType: 'Sandbox.Timedout'; errorMessage: string; durationMs: number };

const utf8 = new TextEncoder();
const WORKER_FILE = path.join(__dirname, 'function-worker.ts');
/** Registers tsx in the worker so TypeScript handlers (and the worker itself) load as they do under `npm start`. */
const WORKER_BOOTSTRAP = `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_FILE)});`;

/**
 * Warm "containers" of one function, each a worker thread serving one invocation at a time.
 * Concurrent invocations (different partitions) get their own workers, as Lambda scales out. A
 * timed-out or crashed worker is thrown away, so the next invocation starts cold, as on AWS.
 */
export class FunctionRuntime {
  private readonly idle: Worker[] = [];
  private readonly busy = new Set<Worker>();

  constructor(private readonly fn: LambdaFunction) {}

  private spawn(): Worker {
    const init: WorkerInit = {
      handlerFile: this.fn.handlerFile,
      exportName: this.fn.exportName,
      functionName: this.fn.name,
      memorySize: this.fn.memorySize,
      region: this.fn.region,
    };
    return new Worker(WORKER_BOOTSTRAP, {
      eval: true,
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

  /** Runs the function on `payload`, the event as JSON text. */
  invoke(payload: string, requestId: string = randomUUID()): Promise<InvokeOutcome> {
    const worker = this.idle.pop() ?? this.spawn();
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
        if (reusable) this.idle.push(worker);
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
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((worker) => worker.terminate()));
  }
}

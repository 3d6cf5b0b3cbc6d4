/**
 * Runs inside a worker thread: one warm Lambda "container" of one function. It loads the handler
 * once, then serves one invocation at a time, as Lambda does, with a Lambda-shaped context.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { functionArn, type InvokeReply, type InvokeRequest, type WorkerInit } from './protocol';

const init = workerData as WorkerInit;
type Handler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;

function loadHandler(): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(init.handlerFile) as Record<string, unknown> & { default?: Record<string, unknown> };
  const handler = module[init.exportName] ?? module.default?.[init.exportName];
  if (typeof handler !== 'function') {
    throw new TypeError(`${init.handlerFile} does not export a function named "${init.exportName}"`);
  }
  return handler as Handler;
}

let handler: Handler | undefined;
const utf8 = new TextDecoder();

function context(request: InvokeRequest) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: init.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(init.region, init.functionName),
    memoryLimitInMB: String(init.memorySize),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${init.functionName}`,
    logStreamName: `local/${init.functionName}/${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Async handlers resolve; callback handlers call back; either way one result per invocation. */
function run(request: InvokeRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    handler ??= loadHandler();
    const callback = (error?: unknown, result?: unknown): void => (error ? reject(error) : resolve(result));
    const returned = handler(JSON.parse(utf8.decode(request.payload)), context(request), callback);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(resolve, reject);
    } else if (handler.length < 3) {
      resolve(returned);
    }
  });
}

function errorReply(requestId: string, error: unknown): InvokeReply {
  const known = error instanceof Error ? error : new Error(String(error));
  return { requestId, ok: false, errorType: known.name, errorMessage: known.message, trace: known.stack?.split('\n') ?? [] };
}

parentPort!.on('message', (request: InvokeRequest) => {
  run(request).then(
    (response) => parentPort!.postMessage({ requestId: request.requestId, ok: true, response } satisfies InvokeReply),
    (error: unknown) => parentPort!.postMessage(errorReply(request.requestId, error)),
  );
});

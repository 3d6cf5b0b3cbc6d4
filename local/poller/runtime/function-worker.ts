/**
 * Runs inside a worker thread: one warm Lambda "container" of one function. It loads the handler
 * once, then serves one invocation at a time, as Lambda does, with a Lambda-shaped context.
 */
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { functionArn, type InvokeReply, type InvokeRequest, type WorkerInit } from './protocol';

const init = workerData as WorkerInit;
type Handler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;
type HandlerModule = Record<string, unknown> & { default?: Record<string, unknown> };

/** How `awslambda.streamifyResponse` marks a response-streaming handler. */
const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

/** The nodejs24.x runtime's error, name and message as its runtime interface client throws them. */
class CallbackHandlerDeprecatedError extends Error {
  constructor() {
    super(
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
    this.name = 'Runtime.CallbackHandlerDeprecated';
  }
}

/**
 * As the runtime interface client of nodejs24.x decides it (errorOnDeprecatedCallback): a
 * function that declares three or more parameters (`length`, which stops at the first default or
 * rest parameter) and is not a streaming handler is callback-style, whatever its body does. A
 * wrapper written `(event, context, callback) => inner(event, context)` therefore counts as one.
 */
function isCallbackStyle(handler: Handler): boolean {
  return handler.length >= 3 && (handler as unknown as Record<symbol, unknown>)[STREAMING] !== 'response';
}

// Bundled TypeScript carries an inline source map: stack traces then name the TypeScript lines.
process.setSourceMapsEnabled(true);

/** CommonJS and ES modules alike: `require` loads both on Node 22.12+, `import()` what it cannot (top-level await). */
async function loadModule(file: string): Promise<HandlerModule> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as HandlerModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_REQUIRE_ASYNC_MODULE') throw error;
    return (await import(pathToFileURL(file).href)) as HandlerModule;
  }
}

async function loadHandler(): Promise<Handler> {
  const module = await loadModule(init.handlerFile).catch((error: unknown) => {
    // As Lambda names a handler that does not parse.
    if (error instanceof SyntaxError) error.name = 'Runtime.UserCodeSyntaxError';
    throw error;
  });
  const handler = module[init.exportName] ?? module.default?.[init.exportName];
  if (typeof handler !== 'function') {
    throw new TypeError(`${init.handlerFile} does not export a function named "${init.exportName}"`);
  }
  if (init.callbackHandlersRemoved && isCallbackStyle(handler as Handler)) throw new CallbackHandlerDeprecatedError();
  return handler as Handler;
}

let handler: Promise<Handler> | undefined;
const utf8 = new TextDecoder();

function context(request: InvokeRequest) {
  const base = {
    functionName: init.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(init.region, init.accountId, init.functionName),
    memoryLimitInMB: String(init.memorySize),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${init.functionName}`,
    logStreamName: `local/${init.functionName}/${process.pid}`,
    getRemainingTimeInMillis: () => Math.max(0, request.deadline - Date.now()),
  };
  // nodejs24.x's context has none of the callback era's members.
  if (init.callbackHandlersRemoved) return base;
  return { ...base, callbackWaitsForEmptyEventLoop: true, done: () => undefined, fail: () => undefined, succeed: () => undefined };
}

/** Async handlers resolve; callback handlers (up to nodejs22.x) call back; either way one result per invocation. */
async function run(request: InvokeRequest): Promise<unknown> {
  // A failed init is tried again on the next invocation, as Lambda starts a new container.
  handler ??= loadHandler().catch((error: unknown) => {
    handler = undefined;
    throw error;
  });
  const loaded = await handler;
  const event: unknown = JSON.parse(utf8.decode(request.payload));
  // nodejs24.x passes no callback: it awaits what the handler returns.
  if (init.callbackHandlersRemoved) return (loaded as (event: unknown, context: unknown) => unknown)(event, context(request));
  return new Promise((resolve, reject) => {
    // A callback's error may be any value (a string, say); errorReply reports whatever it is.
    const callback = (error?: unknown, result?: unknown): void => (error ? reject(error as Error) : resolve(result));
    const returned = loaded(event, context(request), callback);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(resolve, reject);
    } else if (loaded.length < 3) {
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

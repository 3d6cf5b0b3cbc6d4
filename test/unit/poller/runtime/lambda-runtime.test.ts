import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PollerLog } from '../../../../local/poller/log';
import { FunctionRuntime, type InvokeOutcome, type LambdaFunction } from '../../../../local/poller/runtime/function-runtime';

const NODE24_CALLBACK_ERROR =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';
const LOCAL_MAJOR = Number(process.versions.node.split('.')[0]);

const dirs: string[] = [];
const runtimes: FunctionRuntime[] = [];

function handlerFile(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-runtime-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'handler.js'), source);
  return path.join(dir, 'handler.js');
}

function lambdaFunction(file: string, runtime: string | undefined): LambdaFunction {
  return { name: 'consume', handlerFile: file, exportName: 'handler', environment: {}, timeoutSeconds: 10, memorySize: 128, region: 'us-east-1', ...(runtime && { runtime }) };
}

function recordingLog(): PollerLog & { warnings: { message: string; fields: Record<string, unknown> }[] } {
  const warnings: { message: string; fields: Record<string, unknown> }[] = [];
  return { warnings, info: () => undefined, warn: (message, fields) => void warnings.push({ message, fields }), error: () => undefined };
}

function start(fn: LambdaFunction, log?: PollerLog): FunctionRuntime {
  const created = new FunctionRuntime(fn, log ? { log } : {});
  runtimes.push(created);
  return created;
}

const run = (file: string, runtime: string | undefined): Promise<InvokeOutcome> => start(lambdaFunction(file, runtime)).invoke('{"n":1}');

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((created) => created.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('callback-style handlers', () => {
  const callbackHandler = `exports.handler = (event, context, callback) => { callback(null, { n: event.n, waits: context.callbackWaitsForEmptyEventLoop }); };\n`;

  it("fail every invocation on nodejs24.x with the runtime's own error, as an init error is retried", async () => {
    const fn = start(lambdaFunction(handlerFile(callbackHandler), 'nodejs24.x'));
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await fn.invoke('{"n":1}')).toMatchObject({ status: 'error', errorType: 'Runtime.CallbackHandlerDeprecated', errorMessage: NODE24_CALLBACK_ERROR });
    }
  });

  it('fail on nodejs24.x when the runtime is left to the default', async () => {
    expect(await run(handlerFile(callbackHandler), undefined)).toMatchObject({ status: 'error', errorType: 'Runtime.CallbackHandlerDeprecated' });
  });

  it('call back on nodejs22.x, with the callback-era context', async () => {
    expect(await run(handlerFile(callbackHandler), 'nodejs22.x')).toMatchObject({ status: 'success', response: { n: 1, waits: true } });
  });

  it('are decided by the declared parameters, as the runtime decides: a three-parameter wrapper of an async handler counts, a rest-parameter one does not', async () => {
    const threeParameters = `const inner = async (event) => event.n;\nexports.handler = function (event, context, callback) { return inner(event, context); };\n`;
    const restParameters = `const inner = async (event) => event.n;\nexports.handler = (...args) => inner(...args);\n`;
    expect(await run(handlerFile(threeParameters), 'nodejs24.x')).toMatchObject({ status: 'error', errorType: 'Runtime.CallbackHandlerDeprecated' });
    expect(await run(handlerFile(threeParameters), 'nodejs22.x')).toMatchObject({ status: 'success', response: 1 });
    expect(await run(handlerFile(restParameters), 'nodejs24.x')).toMatchObject({ status: 'success', response: 1 });
  });

  it('leave async handlers alone on nodejs24.x, whose context has no callback members', async () => {
    const asyncHandler = `exports.handler = async (event, context) => ({ n: event.n, members: ['callbackWaitsForEmptyEventLoop', 'done', 'fail', 'succeed'].filter((name) => name in context) });\n`;
    expect(await run(handlerFile(asyncHandler), 'nodejs24.x')).toMatchObject({ status: 'success', response: { n: 1, members: [] } });
    expect(await run(handlerFile(asyncHandler), 'nodejs22.x')).toMatchObject({ status: 'success', response: { n: 1, members: ['callbackWaitsForEmptyEventLoop', 'done', 'fail', 'succeed'] } });
  });
});

describe('a runtime on another Node.js than this one', () => {
  const otherRuntime = `nodejs${LOCAL_MAJOR === 24 ? 22 : 24}.x`;
  const file = (): string => handlerFile(`exports.handler = async () => 'ok';\n`);

  it('is named in one WARN per function, however many mappings run it', () => {
    const log = recordingLog();
    const fn = lambdaFunction(file(), otherRuntime);
    start(fn, log);
    start(fn, log);
    expect(log.warnings).toEqual([
      {
        message: 'function runs on another Node.js here than on Lambda',
        fields: { function: 'consume', runtime: otherRuntime, localNode: process.version, mayDiffer: expect.stringMatching(/^what Node\.js \d+ and \d+ do differently/) },
      },
    ]);
  });

  it('is not warned about when the runtime runs this Node.js major', () => {
    const log = recordingLog();
    start(lambdaFunction(file(), `nodejs${LOCAL_MAJOR}.x`), log);
    expect(log.warnings).toEqual([]);
  });
});

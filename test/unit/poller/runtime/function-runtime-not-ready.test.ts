import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PollerLog } from '../../../../local/poller/log';
import { FunctionNotInvokedError, FunctionRuntime, type LambdaFunction } from '../../../../local/poller/runtime/function-runtime';
import { bundleFile } from '../../../../local/poller/runtime/runnable-file';

const dirs: string[] = [];
const runtimes: FunctionRuntime[] = [];
const blockers: string[] = [];

function recordingLog(): PollerLog & { messages: string[] } {
  const messages: string[] = [];
  const add = (message: string): void => void messages.push(message);
  return { messages, info: add, warn: add, error: add };
}

/** A TypeScript handler whose bundle cannot be written: a file stands where its folder goes. */
function blockedHandler(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-not-ready-'));
  dirs.push(dir);
  const handlerFile = path.join(dir, 'handler.ts');
  fs.writeFileSync(handlerFile, `export const handler = async (): Promise<string> => 'ran';\n`);
  const blocker = path.dirname(bundleFile(handlerFile));
  fs.mkdirSync(path.dirname(blocker), { recursive: true });
  fs.writeFileSync(blocker, '');
  blockers.push(blocker);
  return handlerFile;
}

function runtime(handlerFile: string, log: PollerLog, signal?: AbortSignal): FunctionRuntime {
  // The runtime of the Node.js running the test, so the runtime mismatch warning stays out of the log.
  const runtime = `nodejs${process.versions.node.split('.')[0]}.x`;
  const fn: LambdaFunction = { name: 'consume', handlerFile, exportName: 'handler', environment: {}, timeoutSeconds: 10, memorySize: 128, region: 'us-east-1', runtime };
  const created = new FunctionRuntime(fn, { log, ...(signal && { signal }) });
  runtimes.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((created) => created.close()));
  for (const file of [...blockers.splice(0), ...dirs.splice(0)]) fs.rmSync(file, { recursive: true, force: true });
});

/** Regression: a bundle the poller failed to write was reported as the function's Runtime.ImportModuleError, and charged as an attempt. */
describe('FunctionRuntime, when the poller cannot prepare the function', () => {
  it('tries again until it can, and the invocation then runs the handler: no failed invocation is reported', async () => {
    const log = recordingLog();
    const fn = runtime(blockedHandler(), log);
    const invoked = fn.invoke('{}');
    setTimeout(() => fs.rmSync(blockers[0]!, { force: true }), 300);
    expect(await invoked).toEqual({ status: 'success', response: 'ran', durationMs: expect.any(Number) });
    expect(log.messages).toEqual(['function not ready']);
  });

  it('gives the invocation up, uninvoked, when the mapping stops first', async () => {
    const stop = new AbortController();
    const fn = runtime(blockedHandler(), recordingLog(), stop.signal);
    const invoked = fn.invoke('{}');
    setTimeout(() => stop.abort(), 200);
    await expect(invoked).rejects.toBeInstanceOf(FunctionNotInvokedError);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PollerLog } from '../../../../local/poller/log';
import { FunctionRuntime, type InvokeOutcome, type LambdaFunction } from '../../../../local/poller/runtime/function-runtime';
import { runnableFile } from '../../../../local/poller/runtime/runnable-file';
import { SourceWatch } from '../../../../local/poller/runtime/source-watch';
import { waitUntil } from '../../../helpers/wait';

const dirs: string[] = [];
const runtimes: FunctionRuntime[] = [];

function serviceDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-reload-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** As editors save: a new file renamed over the old one. */
function save(file: string, text: string): void {
  fs.writeFileSync(`${file}.saving`, text);
  fs.renameSync(`${file}.saving`, file);
}

function recordingLog(): PollerLog & { lines: { message: string; fields: Record<string, unknown> }[] } {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const add = (message: string, fields: Record<string, unknown>): void => void lines.push({ message, fields });
  return { lines, info: add, warn: add, error: add };
}

function runtime(handlerFile: string, log: PollerLog, reload = true): FunctionRuntime {
  const fn: LambdaFunction = { name: 'consume', handlerFile, exportName: 'handler', environment: {}, timeoutSeconds: 10, memorySize: 128, region: 'us-east-1' };
  const created = new FunctionRuntime(fn, { reload, log });
  runtimes.push(created);
  return created;
}

const response = (outcome: InvokeOutcome): unknown => (outcome.status === 'success' ? outcome.response : outcome);
const reloads = (log: ReturnType<typeof recordingLog>): number => log.lines.filter((line) => line.message === 'function reloaded').length;

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((created) => created.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('FunctionRuntime reload on save', () => {
  it('runs a TypeScript handler as its imports are now, after a save; a syntax error is an invocation error until fixed', async () => {
    const dir = serviceDir({
      'handler.ts': `import { version } from './version';\nexport const handler = async () => version;\n`,
      'version.ts': `export const version: string = 'v1';\n`,
    });
    const log = recordingLog();
    const fn = runtime(path.join(dir, 'handler.ts'), log);
    expect(response(await fn.invoke('{}'))).toBe('v1');

    save(path.join(dir, 'version.ts'), `export const version: string = 'v2';\n`);
    await waitUntil('the function reloads', () => reloads(log) === 1, 5_000);
    expect(log.lines.find((line) => line.message === 'function reloaded')!.fields).toEqual({ function: 'consume', changed: expect.stringMatching(/version\.ts$/) });
    expect(response(await fn.invoke('{}'))).toBe('v2');

    save(path.join(dir, 'version.ts'), `export const version: string = 'v3\n`);
    await waitUntil('the function reloads again', () => reloads(log) === 2, 5_000);
    const broken = await fn.invoke('{}');
    expect(broken).toMatchObject({ status: 'error', errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringMatching(/version\.ts:1:\d+: Unterminated string literal/) });
    expect(await fn.invoke('{}')).toMatchObject({ status: 'error', errorType: 'Runtime.UserCodeSyntaxError' });

    save(path.join(dir, 'version.ts'), `export const version: string = 'v3';\n`);
    await waitUntil('the fix is seen', () => reloads(log) === 3, 5_000);
    expect(response(await fn.invoke('{}'))).toBe('v3');
  });

  it('lets an invocation in flight finish on the old code, then runs the new one in a fresh worker (JavaScript too)', async () => {
    const dir = serviceDir({
      'handler.js': `const { version } = require('./version');\nexports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return version; };\n`,
      'version.js': `exports.version = 'v1';\n`,
    });
    const log = recordingLog();
    const fn = runtime(path.join(dir, 'handler.js'), log);
    const inFlight = fn.invoke(JSON.stringify({ ms: 600 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    save(path.join(dir, 'version.js'), `exports.version = 'v2';\n`);
    await waitUntil('the function reloads', () => reloads(log) === 1, 5_000);
    expect(response(await inFlight)).toBe('v1');
    expect(response(await fn.invoke(JSON.stringify({ ms: 0 })))).toBe('v2');
  });

  it('keeps the code it loaded when reload is off', async () => {
    const dir = serviceDir({ 'handler.ts': `export const handler = async () => 'v1';\n` });
    const log = recordingLog();
    const fn = runtime(path.join(dir, 'handler.ts'), log, false);
    expect(response(await fn.invoke('{}'))).toBe('v1');
    save(path.join(dir, 'handler.ts'), `export const handler = async () => 'v2';\n`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(response(await fn.invoke('{}'))).toBe('v1');
    expect(reloads(log)).toBe(0);
  });
});

describe('runnableFile', () => {
  it("names the handler's local inputs, packages left out", async () => {
    const dir = serviceDir({
      'handler.ts': `import { Kafka } from 'kafkajs';\nimport { version } from './version';\nexport const handler = async () => [version, typeof Kafka];\n`,
      'version.ts': `export const version = 'v1';\n`,
    });
    const built = await runnableFile(path.join(dir, 'handler.ts'));
    expect(built.inputs.sort()).toEqual([path.join(dir, 'handler.ts'), path.join(dir, 'version.ts')]);
  });
});

describe('SourceWatch', () => {
  it('tells of a file saved with new content, not of one written again as it was', async () => {
    const dir = serviceDir({ 'handler.js': 'exports.handler = async () => 1;\n' });
    const file = path.join(dir, 'handler.js');
    const seen: string[][] = [];
    const watch = new SourceWatch((files) => seen.push(files));
    try {
      watch.watch([file]);
      save(file, 'exports.handler = async () => 2;\n');
      await waitUntil('the save is seen', () => seen.length === 1, 5_000);
      save(file, 'exports.handler = async () => 2;\n');
      fs.writeFileSync(path.join(dir, 'other.js'), '');
      await new Promise((resolve) => setTimeout(resolve, 300));
      save(file, 'exports.handler = async () => 3;\n');
      await waitUntil('the next save is seen', () => seen.length === 2, 5_000);
      expect(seen).toEqual([[file], [file]]);
    } finally {
      watch.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FunctionRuntime, type LambdaFunction } from '../../../../local/poller/runtime/function-runtime';

const dirs: string[] = [];
const runtimes: FunctionRuntime[] = [];

/** A service folder with a handler and a package of its own in node_modules, outside this repository. */
function serviceWith(handler: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-packages-'));
  dirs.push(dir);
  const pkg = path.join(dir, 'node_modules', 'local-greeting');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'local-greeting', version: '1.0.0', main: 'index.js' }));
  fs.writeFileSync(path.join(pkg, 'index.js'), `exports.greeting = 'hello from the service node_modules';\n`);
  fs.writeFileSync(path.join(dir, 'handler.ts'), handler);
  return path.join(dir, 'handler.ts');
}

function runtime(handlerFile: string): FunctionRuntime {
  // The runtime of the Node.js running the test, so no runtime mismatch warning is said.
  const runtime = `nodejs${process.versions.node.split('.')[0]}.x`;
  const fn: LambdaFunction = { name: 'consume', handlerFile, exportName: 'handler', environment: {}, timeoutSeconds: 10, memorySize: 128, region: 'us-east-1', runtime };
  const created = new FunctionRuntime(fn, { log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
  runtimes.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((created) => created.close()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a TypeScript handler's packages", () => {
  it('resolve from the handler\'s folder, imported statically or with import() (loaded on first use, as processNotifications loads kafkajs)', async () => {
    const handlerFile = serviceWith(
      [
        `import { greeting } from 'local-greeting';`,
        `export const handler = async () => {`,
        `  const later = await import('local-greeting');`,
        `  return [greeting, later.greeting];`,
        `};`,
        ``,
      ].join('\n'),
    );
    const outcome = await runtime(handlerFile).invoke('{}');
    expect(outcome).toMatchObject({ status: 'success', response: ['hello from the service node_modules', 'hello from the service node_modules'] });
  });
});

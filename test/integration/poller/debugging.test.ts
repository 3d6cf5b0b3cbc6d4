import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatedPositionFor, LEAST_UPPER_BOUND, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { bundleFile } from '../../../local/poller/runtime/runnable-file';
import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { InspectorClient } from '../../helpers/inspector-client';
import { produceToPartition } from '../../helpers/kafka-produce';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

const HANDLER = `import fs from 'node:fs';

export const handler = async (event: { records: Record<string, unknown[]> }) => {
  const count: number = Object.values(event.records).flat().length;
  fs.appendFileSync(process.env.RECORDED!, \`\${count}\\n\`);
};
`;
/** The handler's line with the breakpoint, 1-based as editors show it. */
const BREAKPOINT_LINE = 4;

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The bundle's inline source map: where esbuild put each TypeScript line. */
function inlineSourceMap(bundle: string): TraceMap {
  const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(fs.readFileSync(bundle, 'utf8'));
  if (!inline) throw new Error(`${bundle} has no inline source map`);
  return new TraceMap(Buffer.from(inline[1]!, 'base64').toString('utf8'), bundle);
}

interface PausedParams {
  hitBreakpoints?: string[];
  callFrames: { location: { scriptId: string; lineNumber: number; columnNumber: number } }[];
}

describe('poller: debugging the handler', () => {
  const broker = usePollerTestBroker();
  const dirs: string[] = [];
  let client: InspectorClient | undefined;
  afterEach(() => {
    client?.close();
    dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  });

  it("pauses a real invocation at a breakpoint in the handler's TypeScript, over the inspector protocol, and commits the batch once resumed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poller-debug-'));
    dirs.push(dir);
    const handlerFile = path.join(dir, 'handler.ts');
    const recorded = path.join(dir, 'recorded.txt');
    fs.writeFileSync(handlerFile, HANDLER);
    const topic = await broker.topic('poller-debug', 1);
    const port = await freePort();
    const service = new PollerService({ topic, handlerModule: path.join(dir, 'handler'), environment: { RECORDED: recorded }, timeoutSeconds: 60, cliArgs: [`--inspect=${port}`] });
    const poller = await service.start();
    const inspector = poller.lines.find((line) => line.message === 'inspector');
    expect(inspector).toMatchObject({ level: 'INFO', url: expect.stringMatching(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/`)) });

    client = await InspectorClient.connect(inspector!.url as string);
    const attached = client.main.next('NodeWorker.attachedToWorker', ({ workerInfo }) => /function-worker\.js$/.test((workerInfo as { url: string }).url));
    await client.main.call('NodeWorker.enable', { waitForDebuggerOnStart: true });
    await produceToPartition(broker.producer, topic, 0, 1);

    // As a debugger told where the bundle is (VS Code's outFiles) does: the TypeScript line mapped
    // to the bundle's, set by URL before the worker runs it, so the first invocation stops there.
    const worker = client.worker((await attached).sessionId as string);
    const bundle = bundleFile(handlerFile);
    const map = inlineSourceMap(bundle);
    const generated = generatedPositionFor(map, { source: handlerFile, line: BREAKPOINT_LINE, column: 0, bias: LEAST_UPPER_BOUND });
    await worker.call('Debugger.enable');
    const { breakpointId } = await worker.call('Debugger.setBreakpointByUrl', { url: pathToFileURL(bundle).href, lineNumber: generated.line! - 1, columnNumber: generated.column! });
    let pausing = worker.next('Debugger.paused');
    await worker.call('Runtime.runIfWaitingForDebugger');
    // A worker started under the debugger breaks on its first line first.
    let paused = (await pausing) as unknown as PausedParams;
    while (!paused.hitBreakpoints?.includes(breakpointId as string)) {
      pausing = worker.next('Debugger.paused');
      await worker.call('Debugger.resume');
      paused = (await pausing) as unknown as PausedParams;
    }
    const { location } = paused.callFrames[0]!;
    expect(originalPositionFor(map, { line: location.lineNumber + 1, column: location.columnNumber })).toMatchObject({ source: handlerFile, line: BREAKPOINT_LINE });

    expect(fs.existsSync(recorded)).toBe(false);
    await worker.call('Debugger.resume');
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect(fs.readFileSync(recorded, 'utf8')).toBe('1\n');
    await waitUntil('the invocation is logged', () => poller.invocations().length === 1 && poller.invocations());
    expect(poller.invocations()[0]).toMatchObject({ outcome: 'success' });
  });
});

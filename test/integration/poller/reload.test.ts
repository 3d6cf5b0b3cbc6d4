import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { committedOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import type { PollerProcess } from '../../helpers/poller-process';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

const HANDLER = `import fs from 'node:fs';
import { version } from './version';

export const handler = async (event: { records: Record<string, { offset: number }[]> }) => {
  for (const record of Object.values(event.records).flat()) fs.appendFileSync(process.env.RECORDED!, JSON.stringify({ offset: record.offset, version }) + '\\n');
};
`;
const version = (name: string): string => `export const version: string = '${name}';\n`;

/** A service folder of its own: a TypeScript handler that records which version of a module it imports ran each record. */
function handlerDir(): { dir: string; recorded: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poller-reload-'));
  fs.writeFileSync(path.join(dir, 'handler.ts'), HANDLER);
  fs.writeFileSync(path.join(dir, 'version.ts'), version('v1'));
  return { dir, recorded: path.join(dir, 'recorded.jsonl') };
}

/** As editors save: a new file renamed over the old one. */
function save(file: string, text: string): void {
  fs.writeFileSync(`${file}.saving`, text);
  fs.renameSync(`${file}.saving`, file);
}

const recorded = (file: string): { offset: number; version: string }[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { offset: number; version: string }) : [];
const reloads = (poller: PollerProcess): number => poller.lines.filter((line) => line.message === 'function reloaded').length;

describe('poller: reload on save', () => {
  const broker = usePollerTestBroker();
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('runs the next batch on the code as saved, each record once; a syntax error is retried as a failure until a save fixes it', async () => {
    const { dir, recorded: file } = handlerDir();
    dirs.push(dir);
    const topic = await broker.topic('poller-reload', 1);
    const service = new PollerService({ topic, handlerModule: path.join(dir, 'handler'), environment: { RECORDED: file }, event: { maximumBatchingWindow: 0 } });
    const poller = await service.start();

    await produceToPartition(broker.producer, topic, 0, 1);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    save(path.join(dir, 'version.ts'), version('v2'));
    await waitUntil('the function reloads', () => reloads(poller) === 1, 10_000);
    expect(poller.lines.find((line) => line.message === 'function reloaded')).toMatchObject({ level: 'INFO', function: 'consume', changed: expect.stringMatching(/version\.ts$/) });
    await produceToPartition(broker.producer, topic, 0, 1);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    save(path.join(dir, 'version.ts'), `export const version: string = 'v3\n`);
    await waitUntil('the function reloads again', () => reloads(poller) === 2, 10_000);
    const before = poller.invocations().length;
    await produceToPartition(broker.producer, topic, 0, 1);
    await waitUntil('the broken save fails two invocations', () => poller.invocations().slice(before).filter((line) => line.outcome === 'error').length >= 2, 30_000);
    expect(poller.invocations().slice(before)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'error', errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringMatching(/version\.ts:1:\d+: Unterminated string literal/) }),
      ]),
    );
    expect(await committedOffsets(broker.admin, service.groupId, topic)).toEqual([2]);

    save(path.join(dir, 'version.ts'), version('v3'));
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect(recorded(file)).toEqual([
      { offset: 0, version: 'v1' },
      { offset: 1, version: 'v2' },
      { offset: 2, version: 'v3' },
    ]);
  });

  it('keeps the code it started with under --no-reload', async () => {
    const { dir, recorded: file } = handlerDir();
    dirs.push(dir);
    const topic = await broker.topic('poller-no-reload', 1);
    const service = new PollerService({ topic, handlerModule: path.join(dir, 'handler'), environment: { RECORDED: file }, event: { maximumBatchingWindow: 0 }, cliArgs: ['--no-reload'] });
    const poller = await service.start();
    await produceToPartition(broker.producer, topic, 0, 1);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    save(path.join(dir, 'version.ts'), version('v2'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await produceToPartition(broker.producer, topic, 0, 1);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect(recorded(file).map(({ version }) => version)).toEqual(['v1', 'v1']);
    expect(reloads(poller)).toBe(0);
  });
});

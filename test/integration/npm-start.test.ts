import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../local/config';
import { portIsFree } from '../../local/ports';
import type { StoredMessage } from '../../shared/message-schema';
import type { NotificationPage } from '../../shared/notification-store';
import { testDynamoDBEndpoint } from '../helpers/dynamodb';
import { testBrokers } from '../helpers/kafka';
import { runCollection } from '../helpers/newman-run';
import { processTree, stillRunning, type ProcessEntry } from '../helpers/process-tree';
import { waitUntil } from '../helpers/wait';

const TSX_START = [process.execPath, require.resolve('tsx/cli'), 'local/start.ts'];

/** `npm start` (local/start.ts, or `command`) on the test broker and DynamoDB Local, its output collected. */
function npmStart([command, ...args] = TSX_START): { child: ChildProcess; output: () => string } {
  const child = spawn(command!, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), DYNAMODB_ENDPOINT: testDynamoDBEndpoint() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return { child, output: () => output };
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));

async function waitUntilReady(start: ReturnType<typeof npmStart>): Promise<void> {
  await waitUntil(
    'npm start is ready',
    () => {
      if (start.child.exitCode !== null) throw new Error(`npm start exited with ${start.child.exitCode}:\n${start.output().slice(-3000)}`);
      return start.output().includes('[start] ready:');
    },
    120_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${start.output().slice(-3000)}`);
  });
}

/** The quick start as users run it: `npm start`, POST a message, see its notification, Ctrl-C. */
describe('npm start', () => {
  let start: ReturnType<typeof npmStart>;

  beforeAll(async () => {
    start = npmStart();
    await waitUntilReady(start);
  }, 150_000);

  afterAll(() => {
    if (start.child.exitCode === null) start.child.kill('SIGKILL');
  });

  it('turns a POSTed message into a notification through the poller', async () => {
    const response = await fetch('http://127.0.0.1:3000/api/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'quick start' }),
    });
    expect(response.status).toBe(201);
    const message = (await response.json()) as StoredMessage;

    await waitUntil('the notification is listed', async () => {
      const list = await fetch('http://127.0.0.1:3000/api/v1/notifications?limit=100');
      const body = await list.text();
      if (list.status !== 200) throw new Error(`GET /api/v1/notifications answered ${list.status}: ${body}`);
      return (JSON.parse(body) as NotificationPage).items.some((item) => item.id === message.id);
    });
    // The poller logs an invocation once the handler has returned, so its line can trail the stored notification.
    const invocationLine = new RegExp(`"message":"invocation","function":"processNotifications".*"message-created-${message.partition}"`);
    await waitUntil('the poller logs the invocation', () => invocationLine.test(start.output()));
  });

  // The functions' own WARN lines (kafkajs's "Limiting retries for the idempotent producer", from
  // shared/kafka-client.ts's short retries) are the service's; this holds the platform to none.
  it("prints no platform warning: no Node.js warning (deprecation, negative timer), no AWS SDK support warning, no WARN of the poller's or the Framework's", () => {
    const warnings = start.output().split('\n').filter((line) => /\(node:\d+\) \[?\w*Warning|NodeVersionSupportWarning|"level":"WARN","time"[^}]*"component":"poller"|^\s*Warning:/.test(line));
    expect(warnings).toEqual([]);
  });

  it('passes every test of the Postman collection, run with newman', async () => {
    // Three stored notifications at least, so the collection's list (limit 2) has a next page to follow.
    const posted = await fetch('http://127.0.0.1:3000/api/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ text: 'page 1' }, { text: 'page 2' }, { text: 'page 3' }]),
    });
    const ids = ((await posted.json()) as StoredMessage[]).map((message) => message.id);
    await waitUntil('three notifications are listed', async () => {
      const page = (await (await fetch('http://127.0.0.1:3000/api/v1/notifications?limit=100')).json()) as NotificationPage;
      return ids.every((id) => page.items.some((item) => item.id === id));
    });

    const run = await runCollection(path.join(PROJECT_ROOT, 'local/postman/messages-notifications.postman_collection.json'));
    expect(run.failures).toEqual([]);
    expect(run.requests).toBe(6);
    expect(run.assertions).toBeGreaterThanOrEqual(12);
  });

  it('a second npm start says which ports are taken and exits 1, starting nothing', async () => {
    const second = npmStart();
    expect(await exitOf(second.child)).toBe(1);
    expect(second.output()).toContain('port 3000, 3002, 3004 on 127.0.0.1 is in use (is another `npm start` running?)');
    expect(second.output()).not.toContain('starting serverless offline');
  });

  it('stops everything it started on Ctrl-C and exits 0', async () => {
    const exited = exitOf(start.child);
    start.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(start.output()).toContain('[start] stopped');
    await expect(fetch('http://127.0.0.1:3000/api/v1/notifications')).rejects.toThrow();
    await expect(fetch('http://127.0.0.1:3004/status')).rejects.toThrow();
  }, 60_000);
});

/**
 * What process managers, IDE stop buttons and `kill PID` do: one signal to the `npm` process alone,
 * not to its process group. SIGTERM is passed on by npm; SIGHUP is not (npm dies of it), so the
 * script must notice its parent is gone.
 */
describe.each(['SIGTERM', 'SIGHUP'] as const)('npm start, %s to the npm process alone', (signal) => {
  let start: ReturnType<typeof npmStart> | undefined;
  let started: ProcessEntry[] = [];

  afterAll(() => {
    if (start?.child.exitCode === null) start.child.kill('SIGKILL');
    // Only when the test failed: what it found still running must not outlive the run.
    for (const entry of stillRunning(started)) process.kill(entry.pid, 'SIGKILL');
  });

  it('leaves nothing it started running and frees its ports', async () => {
    start = npmStart(['npm', 'start']);
    await waitUntilReady(start);
    const npmPid = start.child.pid!;
    started = processTree(npmPid).filter((entry) => entry.pid !== npmPid);
    expect(started.map((entry) => entry.args)).toEqual(
      expect.arrayContaining([expect.stringContaining('local/start.ts'), expect.stringContaining('serverless.js offline start')]),
    );

    const exited = exitOf(start.child);
    process.kill(npmPid, signal);
    await exited;
    await waitUntil('every process npm start started has exited', () => stillRunning(started).length === 0, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; left: ${JSON.stringify(stillRunning(started))}\n${start!.output().slice(-3000)}`);
    });
    expect(start.output()).toContain(`[start] ${signal}: stopping what this run started`);
    expect(start.output()).toContain('[start] stopped');

    for (const port of [3000, 3002, 3004]) expect(await portIsFree(port)).toBe(true);
    // Kafka and DynamoDB Local are the suite's, which npm start reused: they are left running.
    expect((await fetch(testDynamoDBEndpoint())).status).toBeGreaterThan(0);
  }, 180_000);
});

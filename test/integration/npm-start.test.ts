import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../local/config';
import type { StoredMessage } from '../../shared/message-schema';
import type { NotificationPage } from '../../shared/notification-store';
import { testDynamoDBEndpoint } from '../helpers/dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../../local/process';
import { CLEAN_STOP, signalGroupAgain, stopOutcome, type StopOutcome } from '../helpers/clean-stop';
import { testBrokers, testKafka } from '../helpers/kafka';
import { runCollection } from '../helpers/newman-run';
import { PollerProcess } from '../helpers/poller-process';
import { processTree } from '../helpers/process-tree';
import { waitUntil } from '../helpers/wait';

const TSX_START = [process.execPath, require.resolve('tsx/cli'), 'local/start.ts'];
/** serverless.yml's group for processNotifications at stage local. */
const NOTIFICATIONS_GROUP = 'messages-notifications-local-notifications';


/**
 * `npm start` (local/start.ts, or `command`) on the test broker and DynamoDB Local, its output
 * collected, in a process group of its own as a terminal's foreground job (what `setsid` gives).
 */
function npmStart([command, ...args] = TSX_START): { child: ChildProcess; output: () => string } {
  const child = spawn(command!, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), DYNAMODB_ENDPOINT: testDynamoDBEndpoint() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
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

/**
 * POSTs a message and waits until the poller has processed it (its notification is stored): it is
 * then the group's to commit, at once or, if its invocation is still finishing, by the clean stop.
 * An invocation line is no proof for one partition: a batch of several partitions logs the first
 * offset of one and the last of another.
 */
async function postAndProcess(start: ReturnType<typeof npmStart>): Promise<StoredMessage> {
  const response = await fetch('http://127.0.0.1:3000/api/v1/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'stopped after this' }),
  });
  expect(response.status).toBe(201);
  const message = (await response.json()) as StoredMessage;
  await waitUntil(`the poller processes ${message.topic}-${message.partition}@${message.offset}\n${start.output().slice(-2000)}`, async () => {
    const page = (await (await fetch('http://127.0.0.1:3000/api/v1/notifications?limit=100')).json()) as NotificationPage;
    return page.items.some((item) => item.id === message.id);
  });
  return message;
}

/**
 * Stops `npm start` by `send`, waits for its processes to exit, and reads what they left: the
 * poller's group, its commit of `processed`, processes and ports. Each stop ends with the poller's
 * and npm start's `stopped` lines.
 */
/** The poller's own lines of an `npm start` output, for a failure's message. */
function pollerLines(output: string): string {
  return output.split('\n').filter((line) => line.includes('"component":"poller"')).slice(-40).join('\n');
}

async function stopAs(start: ReturnType<typeof npmStart>, send: (npm: number) => Promise<void>, processed: StoredMessage): Promise<StopOutcome> {
  const npmPid = start.child.pid!;
  const started = processTree(npmPid);
  expect(started.map((entry) => entry.args)).toEqual(
    expect.arrayContaining([expect.stringContaining('local/start.ts'), expect.stringContaining('serverless.js offline start')]),
  );
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await send(npmPid);
    const outcome = await stopOutcome({ admin, groupId: NOTIFICATIONS_GROUP, topic: processed.topic, processed: [processed], started, ports: [3000, 3002, 3004] });
    if (outcome.left.length > 0) throw new Error(`left running: ${JSON.stringify(outcome.left)}\n${start.output().slice(-3000)}`);
    if (outcome.uncommitted.length > 0) throw new Error(`processed, not committed: ${JSON.stringify(outcome.uncommitted)}\n${pollerLines(start.output())}`);
    expect(start.output()).toContain('"message":"stopped"');
    expect(start.output()).toContain('[start] stopped');
    expect(start.output()).not.toContain('forced stop');
    return outcome;
  } finally {
    await admin.disconnect();
  }
}

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
  /** `npm run poller` on the same service, started the moment `npm start` is: they share the machine's temporary and cache folders and the group. */
  let poller: PollerProcess;

  beforeAll(async () => {
    start = npmStart(['npm', 'start']);
    poller = new PollerProcess(
      spawn('npm', ['run', 'poller', '--', '--config', 'serverless.yml', '--stage', 'local', '--status-port', '0', '--lag-interval', '0'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), DYNAMODB_ENDPOINT: testDynamoDBEndpoint() },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    );
    await waitUntilReady(start);
    await waitUntil('the poller polls', () => poller.lines.some((line) => line.message === 'polling'), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${poller.stderr}`);
    });
  }, 150_000);

  afterAll(() => {
    if (start.child.exitCode === null) start.child.kill('SIGKILL');
    if (poller.exitStatus === undefined) process.kill(-poller.pid, 'SIGKILL');
  });

  it('and a poller of the same service started at the same moment share the work of one group without a failed invocation, and the poller stops cleanly', async () => {
    const response = await fetch('http://127.0.0.1:3000/api/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 20 }, (_, index) => ({ text: `side by side ${index}` }))),
    });
    expect(response.status).toBe(201);
    const messages = (await response.json()) as StoredMessage[];
    await waitUntil('every message is a notification', async () => {
      const page = (await (await fetch('http://127.0.0.1:3000/api/v1/notifications?limit=100')).json()) as NotificationPage;
      return messages.every((message) => page.items.some((item) => item.id === message.id));
    });

    process.kill(-poller.pid, 'SIGINT');
    expect(await poller.exited).toEqual({ code: 0, signal: null });
    expect(poller.lines.filter((line) => ['stopping', 'stopped'].map(String).includes(line.message)).map((line) => line.message)).toEqual(['stopping', 'stopped']);
    expect(poller.invocations().filter((line) => line.outcome !== 'success')).toEqual([]);
    expect(start.output()).not.toMatch(/"message":"invocation".*"outcome":"(error|timeout)"/);
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

  it('stops everything it started on Ctrl-C twice in a row to its process group, as a terminal sends it, and exits 0', async () => {
    const message = await postAndProcess(start);
    const outcome = await stopAs(start, async (group) => {
      process.kill(-group, 'SIGINT');
      // Pressed again while it stops (a stop without a batch in flight can be over before a person's second press).
      await waitUntil('npm start is stopping', () => start.output().includes('[start] SIGINT: stopping'), 10_000);
      signalGroupAgain(group, 'SIGINT');
    }, message);
    expect(outcome).toEqual(CLEAN_STOP);
    expect(start.child.exitCode).toBe(0);
    expect(start.output()).toContain('[start] SIGINT: stopping what this run started');
  }, 90_000);
});

/** How `npm start` is stopped: `npm` is npm's pid, also its process group's id. */
const WAYS: [string, NodeJS.Signals, (npm: number) => Promise<void>][] = [
  ['Ctrl-C (SIGINT to the process group)', 'SIGINT', async (npm) => void process.kill(-npm, 'SIGINT')],
  ['SIGTERM to the process group (process managers, test runners)', 'SIGTERM', async (npm) => void process.kill(-npm, 'SIGTERM')],
  ['SIGHUP to the process group (a closed terminal)', 'SIGHUP', async (npm) => void process.kill(-npm, 'SIGHUP')],
  [
    "SIGTERM to npm alone, SIGKILL 5 s later (an IDE's stop button)",
    'SIGTERM',
    async (npm) => {
      process.kill(npm, 'SIGTERM');
      await sleep(5_000);
      if (isAlive(npm)) process.kill(npm, 'SIGKILL');
    },
  ],
];

/**
 * `npm start` stopped as people and their tools stop it, after its poller processed a message.
 * npm passes SIGINT and SIGTERM on and dies of SIGHUP without passing it on; serverless offline
 * gets the group's signal itself too.
 */
describe.each(WAYS)('npm start, %s', (_name, seen, send) => {
  let start: ReturnType<typeof npmStart> | undefined;

  afterAll(() => {
    if (start?.child.exitCode === null) start.child.kill('SIGKILL');
  });

  it('finishes and commits what the poller processed, leaves its group, leaves nothing it started running and frees its ports', async () => {
    start = npmStart(['npm', 'start']);
    await waitUntilReady(start);
    const message = await postAndProcess(start);
    const outcome = await stopAs(start, send, message);
    expect(outcome).toEqual(CLEAN_STOP);
    expect(start.output()).toContain(`[start] ${seen}: stopping what this run started`);
    // Kafka and DynamoDB Local are the suite's, which npm start reused: they are left running.
    expect((await fetch(testDynamoDBEndpoint())).status).toBeGreaterThan(0);
  }, 180_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../local/config';
import type { StoredMessage } from '../../shared/message-schema';
import type { NotificationPage } from '../../shared/notification-store';
import { testDynamoDBEndpoint } from '../helpers/dynamodb';
import { testBrokers } from '../helpers/kafka';

/** The quick start as users run it: `npm start`, POST a message, see its notification, Ctrl-C. */
describe('npm start', () => {
  let child: ChildProcess;
  let output = '';

  beforeAll(async () => {
    child = spawn(process.execPath, [require.resolve('tsx/cli'), 'local/start.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), DYNAMODB_ENDPOINT: testDynamoDBEndpoint() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not ready in 120 s:\n${output.slice(-3000)}`)), 120_000);
      const check = setInterval(() => {
        if (output.includes('[start] ready:')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
        if (child.exitCode !== null) {
          clearInterval(check);
          clearTimeout(timer);
          reject(new Error(`npm start exited with ${child.exitCode}:\n${output.slice(-3000)}`));
        }
      }, 100);
    });
  }, 150_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('turns a POSTed message into a notification through the poller', async () => {
    const response = await fetch('http://127.0.0.1:3000/api/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'quick start' }),
    });
    expect(response.status).toBe(201);
    const message = (await response.json()) as StoredMessage;

    // The poller logs an invocation once the handler has returned, so its line can trail the stored notification.
    const invocationLine = new RegExp(`"message":"invocation","function":"processNotifications".*"message-created-${message.partition}"`);
    const deadline = Date.now() + 15_000;
    let found = false;
    while (!(found && invocationLine.test(output)) && Date.now() < deadline) {
      if (!found) {
        const page = (await (await fetch('http://127.0.0.1:3000/api/v1/notifications?limit=100')).json()) as NotificationPage;
        found = page.items.some((item) => item.id === message.id);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(found).toBe(true);
    expect(output).toMatch(invocationLine);
  });

  it('stops everything it started on Ctrl-C and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[start] stopped');
    await expect(fetch('http://127.0.0.1:3000/api/v1/notifications')).rejects.toThrow();
    await expect(fetch('http://127.0.0.1:3004/status')).rejects.toThrow();
  }, 60_000);
});

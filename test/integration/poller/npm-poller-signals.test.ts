import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLEAN_STOP, stopOutcome } from '../../helpers/clean-stop';
import { committedOffsets } from '../../helpers/consumer-group';
import { testBrokers } from '../../helpers/kafka';
import { produceToPartition } from '../../helpers/kafka-produce';
import { deliveredRecords } from '../../helpers/poller-deliveries';
import { PollerProcess } from '../../helpers/poller-process';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { freePorts } from '../../helpers/ports';
import { processTree, stillRunning, type ProcessEntry } from '../../helpers/process-tree';
import { waitUntil } from '../../helpers/wait';

const PROJECT_ROOT = path.resolve(__dirname, '../../..');
const HANDLER_SLEEP_MS = 1_500;

/** How a run is stopped: `npm` is npm's pid, also its process group's id (it leads a group of its own, as `setsid` would make it). */
interface WayOfStopping {
  name: string;
  /** The signal the poller's `stopping` line names. */
  seen: NodeJS.Signals;
  send(npm: number): Promise<void> | void;
  npmExit: { code: number | null; signal: NodeJS.Signals | null };
  /** How long each invocation takes: longer than the wait before a SIGKILL, where there is one. */
  handlerSleepMs?: number;
}

const toGroup = (signal: NodeJS.Signals) => (npm: number): void => {
  process.kill(-npm, signal);
};
const toNpm = (signal: NodeJS.Signals) => (npm: number): void => {
  process.kill(npm, signal);
};

/**
 * `npm run poller` stopped as people and their tools stop it, with a batch in flight each time.
 * A terminal's Ctrl-C signals the whole foreground process group (npm and node, and npm passes its
 * own on: node gets two); a closed terminal sends SIGHUP to the group; process managers SIGTERM the
 * group or npm alone; an IDE's stop button SIGTERMs npm and SIGKILLs it 5 s later. Every way ends
 * in a clean stop: the batch in flight finishes and is committed, the group is left at once.
 */
const WAYS: WayOfStopping[] = [
  { name: 'Ctrl-C (SIGINT to the process group)', seen: 'SIGINT', send: toGroup('SIGINT'), npmExit: { code: 0, signal: null } },
  {
    name: 'Ctrl-C twice in a row',
    seen: 'SIGINT',
    send: async (npm) => {
      process.kill(-npm, 'SIGINT');
      await sleep(300);
      process.kill(-npm, 'SIGINT');
    },
    npmExit: { code: 0, signal: null },
  },
  { name: 'SIGTERM to the process group', seen: 'SIGTERM', send: toGroup('SIGTERM'), npmExit: { code: 0, signal: null } },
  // npm dies of SIGHUP at once; node gets its own from the group.
  { name: 'SIGHUP to the process group (a closed terminal)', seen: 'SIGHUP', send: toGroup('SIGHUP'), npmExit: { code: null, signal: 'SIGHUP' } },
  {
    name: "SIGTERM to npm alone, SIGKILL 5 s later (an IDE's stop button)",
    seen: 'SIGTERM',
    send: async (npm) => {
      process.kill(npm, 'SIGTERM');
      await sleep(5_000);
      process.kill(npm, 'SIGKILL');
    },
    // The batch in flight outlasts npm: node, orphaned mid-stop, finishes it all the same.
    npmExit: { code: null, signal: 'SIGKILL' },
    handlerSleepMs: 6_500,
  },
  { name: 'SIGINT to npm alone', seen: 'SIGINT', send: toNpm('SIGINT'), npmExit: { code: 0, signal: null } },
  // npm dies of SIGHUP without passing it on: node notices it was orphaned.
  { name: 'SIGHUP to npm alone', seen: 'SIGHUP', send: toNpm('SIGHUP'), npmExit: { code: null, signal: 'SIGHUP' } },
];

describe('npm run poller, stopped as terminals, IDEs and process managers stop it', () => {
  const broker = usePollerTestBroker();
  let started: ProcessEntry[] = [];

  afterEach(() => {
    // Only when the test failed: what it found still running must not outlive the run.
    for (const entry of stillRunning(started)) process.kill(entry.pid, 'SIGKILL');
    started = [];
  });

  it.each(WAYS.map((way) => [way.name, way] as const))('%s: the batch in flight finishes and is committed, the group is left, nothing runs on', async (_name, way) => {
    const [statusPort] = (await freePorts(19_204, [0])) as [number];
    const topic = await broker.topic('npm-poller-signals', 1);
    const service = new PollerService({ topic, event: { batchSize: 5 }, behaviour: { sleepMs: way.handlerSleepMs ?? HANDLER_SLEEP_MS } });
    await produceToPartition(broker.producer, topic, 0, 30);
    const child = spawn('npm', ['run', 'poller', '--', '--config', service.configPath, '--status-port', String(statusPort), '--lag-interval', '0'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, led by npm, as a terminal gives a foreground job.
      detached: true,
    });
    const npm = new PollerProcess(child);
    const npmPid = child.pid!;
    // The second invocation has just begun: one batch is committed, one is in flight.
    await waitUntil('the second invocation is in flight', () => service.deliveries().length >= 2, 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${npm.stderr}`);
    });
    started = processTree(npmPid);
    expect(started.map((entry) => entry.args)).toEqual(expect.arrayContaining([expect.stringContaining('local/poller/cli.ts')]));

    await way.send(npmPid);
    const outcome = await stopOutcome({ admin: broker.admin, groupId: service.groupId, topic, processed: deliveredRecords(service.deliveries()), started, ports: [statusPort] });
    await npm.closed;

    expect(outcome).toEqual(CLEAN_STOP);
    expect(npm.exitStatus).toEqual(way.npmExit);
    const said = npm.lines.filter((line) => ['stopping', 'stopped'].includes(line.message));
    expect(said).toEqual([expect.objectContaining({ message: 'stopping', signal: way.seen }), expect.objectContaining({ message: 'stopped' })]);
    // Warnings go to stderr.
    expect(npm.stderr).not.toMatch(/"message":"(forced stop|stopped with an error)"/);
    // The batch in flight at the signal ran to its end and was committed (by `outcome`), not cut short.
    expect(npm.invocations().filter((line) => line.outcome === 'success').length).toBe(service.deliveries().length);
  }, 90_000);

  it('Ctrl-C again 2 s or more after the first forces: exit 130 at once, the batch in flight left uncommitted', async () => {
    const topic = await broker.topic('npm-poller-force', 1);
    const service = new PollerService({ topic, event: { batchSize: 5 }, behaviour: { sleepMs: 9_000 } });
    await produceToPartition(broker.producer, topic, 0, 5);
    const child = spawn('npm', ['run', 'poller', '--', '--config', service.configPath, '--status-port', '0', '--lag-interval', '0'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const npm = new PollerProcess(child);
    await waitUntil('the first invocation is in flight', () => service.deliveries().length >= 1, 60_000);
    started = processTree(child.pid!);

    process.kill(-child.pid!, 'SIGINT');
    await waitUntil('the poller is stopping', () => npm.lines.some((line) => line.message === 'stopping'), 10_000);
    await sleep(2_500);
    const forcedAt = Date.now();
    process.kill(-child.pid!, 'SIGINT');
    await waitUntil('every process has exited', () => stillRunning(started).length === 0, 10_000);
    const exitMs = Date.now() - forcedAt;
    await npm.closed;

    expect(exitMs).toBeLessThan(2_000);
    expect(npm.exitStatus).toEqual({ code: 130, signal: null });
    const said = npm.lines.filter((line) => ['stopping', 'stopped'].includes(line.message));
    expect(said).toEqual([
      expect.objectContaining({ message: 'stopping', signal: 'SIGINT', waitsUpToSeconds: 10, force: expect.stringContaining('Ctrl-C again (2 s or more after this line) exits at once') }),
    ]);
    expect(npm.stderr).toMatch(/"message":"forced stop","signal":"SIGINT"/);
    // Abandoned, as the forced stop says: its records are delivered again at the next start.
    expect(await committedOffsets(broker.admin, service.groupId, topic)).toEqual([-1]);
  }, 90_000);
});

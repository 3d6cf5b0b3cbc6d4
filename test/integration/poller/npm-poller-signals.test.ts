import { spawn } from 'node:child_process';
import path from 'node:path';
import { portIsFree } from '../../../local/ports';
import { testBrokers } from '../../helpers/kafka';
import { PollerProcess } from '../../helpers/poller-process';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { freePorts } from '../../helpers/ports';
import { processTree, stillRunning, type ProcessEntry } from '../../helpers/process-tree';
import { waitUntil } from '../../helpers/wait';

const PROJECT_ROOT = path.resolve(__dirname, '../../..');

/**
 * `npm run poller` stopped as process managers and `kill PID` stop it: one signal to the npm
 * process alone. npm passes SIGINT and SIGTERM on and dies of SIGHUP without passing it on.
 */
describe.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('npm run poller, %s to the npm process alone', (signal) => {
  const broker = usePollerTestBroker();
  let started: ProcessEntry[] = [];

  afterEach(() => {
    // Only when the test failed: what it found still running must not outlive the run.
    for (const entry of stillRunning(started)) process.kill(entry.pid, 'SIGKILL');
  });

  it('stops the poller, which shuts down as on its own signal and frees its status port', async () => {
    const [statusPort] = (await freePorts(19_204, [0])) as [number];
    const service = new PollerService({ topic: await broker.topic('npm-poller-signals', 1) });
    const child = spawn('npm', ['run', 'poller', '--', '--config', service.configPath, '--status-port', String(statusPort)], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const npm = new PollerProcess(child);
    await waitUntil('the poller polls and serves status', () => ['polling', 'status server'].every((message) => npm.lines.some((line) => line.message === message)), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${npm.stderr}`);
    });
    const npmPid = child.pid!;
    started = processTree(npmPid).filter((entry) => entry.pid !== npmPid);
    expect(started.map((entry) => entry.args)).toEqual(expect.arrayContaining([expect.stringContaining('local/poller/cli.ts')]));

    process.kill(npmPid, signal);
    await npm.exited;
    await waitUntil('the poller has exited', () => stillRunning(started).length === 0, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; left: ${JSON.stringify(stillRunning(started))}`);
    });
    expect(npm.lines).toEqual(expect.arrayContaining([expect.objectContaining({ message: 'stopping', signal })]));
    expect(await portIsFree(statusPort)).toBe(true);
    // It left its consumer group rather than timing out of it: another poller gets the partitions at once.
    const { groups } = await broker.admin.describeGroups([service.groupId]);
    expect({ state: groups[0]?.state, members: groups[0]?.members.length }).toEqual({ state: 'Empty', members: 0 });
  }, 90_000);
});

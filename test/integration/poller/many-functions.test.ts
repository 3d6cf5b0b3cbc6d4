import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { CLEAN_STOP, stopOutcome } from '../../helpers/clean-stop';
import { endOffsets } from '../../helpers/consumer-group';
import { testBrokers, uniqueName } from '../../helpers/kafka';
import { produceToPartition } from '../../helpers/kafka-produce';
import { PollerProcess } from '../../helpers/poller-process';
import { PROVISIONED_MODE } from '../../helpers/poller-service';
import { usePollerTestBroker, type PollerTestBroker } from '../../helpers/poller-test-broker';
import { processTree } from '../../helpers/process-tree';
import { waitUntil } from '../../helpers/wait';

const PROJECT_ROOT = path.resolve(__dirname, '../../..');
const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/many-functions');
const FUNCTIONS = 8;
const RECORDS_PER_TOPIC = 3;

interface KafkaFunction {
  name: string;
  topic: string;
  groupId: string;
}

/**
 * A service of eight Kafka-triggered functions, every other one a TypeScript handler (bundled
 * by the poller) and the rest JavaScript, each on a topic of its own that already holds records,
 * so their first batches all arrive at once. No retries, and an on-failure topic: a first
 * invocation that fails for any reason shows there.
 */
class ManyFunctionsService {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'many-functions-'));
  readonly handledFile = path.join(this.dir, 'handled.jsonl');
  readonly functions: KafkaFunction[] = [];
  onFailureTopic = '';
  poller: PollerProcess | undefined;

  async create(broker: PollerTestBroker): Promise<void> {
    this.onFailureTopic = await broker.topic('many-functions-dlq', 1);
    const definitions: Record<string, unknown> = {};
    const mappings: Record<string, unknown> = {};
    for (let index = 0; index < FUNCTIONS; index += 1) {
      const fn = { name: `consume${index}`, topic: await broker.topic(`many-functions-${index}`, 1), groupId: uniqueName(`many-functions-${index}`) };
      this.functions.push(fn);
      await produceToPartition(broker.producer, fn.topic, 0, RECORDS_PER_TOPIC);
      const handler = path.relative(this.dir, path.join(FIXTURES, index % 2 === 0 ? 'ts-handler' : 'js-handler'));
      definitions[fn.name] = {
        handler: `${handler}.handler`,
        timeout: 10,
        environment: { HANDLED_FILE: this.handledFile },
        events: [{ msk: { arn: 'arn:aws:kafka:us-east-1:000000000000:cluster/local/1', topic: fn.topic, startingPosition: 'TRIM_HORIZON', batchSize: 10, maximumBatchingWindow: 1, consumerGroupId: fn.groupId, ...PROVISIONED_MODE } }],
      };
      mappings[fn.name] = { maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: `kafka://${this.onFailureTopic}` } } };
    }
    const config = {
      service: uniqueName('many-functions'),
      frameworkVersion: '4',
      provider: { name: 'aws', runtime: 'nodejs22.x', stage: 'test', region: 'us-east-1' },
      functions: definitions,
      custom: { eventSourceMappings: mappings },
    };
    fs.writeFileSync(path.join(this.dir, 'serverless.yml'), stringify(config));
  }

  start(): PollerProcess {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'local/poller/cli.ts', '--config', path.join(this.dir, 'serverless.yml'), '--status-port', '0', '--lag-interval', '0'],
      { cwd: PROJECT_ROOT, env: { ...process.env, KAFKA_BROKERS: testBrokers().join(',') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.poller = new PollerProcess(child);
    return this.poller;
  }

  /** Functions whose handler wrote a line. */
  handled(): Set<string> {
    if (!fs.existsSync(this.handledFile)) return new Set();
    return new Set(fs.readFileSync(this.handledFile, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { function: string }).function));
  }

  async waitForEveryFunction(): Promise<void> {
    const poller = this.poller!;
    await waitUntil(
      'every function has been invoked',
      () => new Set(poller.invocations().map((line) => line.function)).size === FUNCTIONS,
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${JSON.stringify(poller.invocations(), null, 1)}\n${poller.stderr}`);
    });
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What the first invocations of a service came to: failures (with why) and what reached the on-failure topic. */
async function firstInvocations(broker: PollerTestBroker, service: ManyFunctionsService) {
  const invocations = service.poller!.invocations();
  const failed = invocations.filter((line) => line.outcome !== 'success').map((line) => `${String(line.function)}: ${line.errorType} ${String(line.errorMessage)}`);
  return {
    failed,
    firstAttempts: new Set(invocations.filter((line) => line.attempt === 0).map((line) => line.function)).size,
    handled: service.handled().size,
    onFailureRecords: (await endOffsets(broker.admin, service.onFailureTopic)).reduce((sum, offset) => sum + offset, 0),
  };
}

async function stopCleanly(broker: PollerTestBroker, service: ManyFunctionsService): Promise<void> {
  const poller = service.poller!;
  const started = processTree(poller.pid);
  process.kill(poller.pid, 'SIGINT');
  await poller.exited;
  for (const fn of service.functions) {
    // Each topic has one partition; an invocation line names the last offset it was given.
    const processed = poller.invocations().filter((line) => line.function === fn.name).map((line) => ({ partition: 0, offset: Number(line.lastOffset) }));
    expect(processed.length).toBeGreaterThan(0);
    const outcome = await stopOutcome({ admin: broker.admin, groupId: fn.groupId, topic: fn.topic, processed, started, ports: [] });
    expect({ function: fn.name, ...outcome }).toEqual({ function: fn.name, ...CLEAN_STOP });
  }
  expect(poller.exitStatus).toEqual({ code: 0, signal: null });
}

/**
 * Regression: with eight Kafka functions the first invocations of several failed with
 * `Runtime.ImportModuleError` (ENOENT on renaming function-worker.js into place: concurrent
 * writers built the same temporary name), and each such failure was charged as an attempt.
 */
describe('a service with eight Kafka functions whose first batches arrive at once', () => {
  const broker = usePollerTestBroker();
  const services: ManyFunctionsService[] = [];

  afterEach(() => {
    for (const service of services.splice(0)) service.remove();
  });

  it('every first invocation reaches its handler, and nothing goes to the on-failure destination', async () => {
    const service = new ManyFunctionsService();
    services.push(service);
    await service.create(broker);
    service.start();
    await service.waitForEveryFunction();

    expect(await firstInvocations(broker, service)).toEqual({ failed: [], firstAttempts: FUNCTIONS, handled: FUNCTIONS, onFailureRecords: 0 });
    await stopCleanly(broker, service);
  }, 150_000);

  it('two pollers of two such services started at the same moment share the temporary folder without a failure', async () => {
    const pair = [new ManyFunctionsService(), new ManyFunctionsService()];
    services.push(...pair);
    await Promise.all(pair.map((service) => service.create(broker)));
    for (const service of pair) service.start();
    await Promise.all(pair.map((service) => service.waitForEveryFunction()));

    for (const service of pair) {
      expect(await firstInvocations(broker, service)).toEqual({ failed: [], firstAttempts: FUNCTIONS, handled: FUNCTIONS, onFailureRecords: 0 });
    }
    await Promise.all(pair.map((service) => stopCleanly(broker, service)));
  }, 180_000);
});

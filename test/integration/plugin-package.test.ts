import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../local/config';
import { CLEAN_STOP, signalGroupAgain, stopOutcome } from '../helpers/clean-stop';
import { connectedAdmin, connectedProducer } from '../helpers/kafka-produce';
import { testBrokers, testKafka, uniqueName } from '../helpers/kafka';
import { freePorts } from '../helpers/ports';
import { processTree, stillRunning, type ProcessEntry } from '../helpers/process-tree';
import { waitUntil } from '../helpers/wait';

/**
 * serverless-offline-kafka as a user gets it: `npm pack` of local/poller, installed into a
 * service of its own outside this repository (its own package.json and node_modules, no tsx, no
 * repository code), with a TypeScript handler on an `msk` event and a JavaScript one on a `kafka`
 * event, run by that service's `serverless offline start`.
 */
const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-2';
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const MSK_HANDLER_TS = `import { appendFileSync } from 'node:fs';

interface MskEvent { eventSource: string; eventSourceArn: string; records: Record<string, { value: string }[]> }
interface Context { invokedFunctionArn: string }

export const handler = async (event: MskEvent, context: Context): Promise<{ ok: boolean }> => {
  appendFileSync(process.env.OUT_FILE as string, JSON.stringify({ handler: 'msk', event, functionArn: context.invokedFunctionArn }) + '\\n');
  return { ok: true };
};
`;

const KAFKA_HANDLER_JS = `'use strict';
const { appendFileSync } = require('node:fs');

exports.handler = async (event, context) => {
  appendFileSync(process.env.OUT_FILE, JSON.stringify({ handler: 'kafka', event, functionArn: context.invokedFunctionArn }) + '\\n');
};
`;

function serverlessYml(topics: { msk: string; kafka: string }, ports: { status: number; lambda: number }, groups: { msk: string; kafka: string }): string {
  return `service: orders
frameworkVersion: '4'

provider:
  name: aws
  runtime: nodejs24.x
  region: eu-west-1
  environment:
    OUT_FILE: \${env:OUT_FILE}

functions:
  onOrder:
    handler: src/on-order.handler
    events:
      - msk:
          arn: ${CLUSTER_ARN}
          topic: ${topics.msk}
          startingPosition: TRIM_HORIZON
          consumerGroupId: ${groups.msk}
          provisionedPollerConfig:
            minimumPollers: 1
            maximumPollers: 1
  onAudit:
    handler: src/on-audit.handler
    events:
      - kafka:
          accessConfigurations:
            saslScram512Auth: arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_audit
          bootstrapServers:
            - \${env:KAFKA_BROKERS}
          topic: ${topics.kafka}
          startingPosition: TRIM_HORIZON
          consumerGroupId: ${groups.kafka}

plugins:
  - serverless-offline
  - serverless-offline-kafka

custom:
  eventSourceMappings:
    onOrder:
      metricsConfig:
        metrics: [EventCount]
  serverless-offline:
    host: 127.0.0.1
    lambdaPort: ${ports.lambda}
  serverless-offline-kafka:
    brokers: \${env:KAFKA_BROKERS}
    statusPort: ${ports.status}
    accountId: '444455556666'
`;
}

interface Received {
  handler: 'msk' | 'kafka';
  functionArn: string;
  event: { eventSource: string; eventSourceArn?: string; bootstrapServers: string; records: Record<string, { topic: string; value: string }[]> };
}

describe('serverless-offline-kafka, packed and installed into a service outside this repository', () => {
  const kafka = testKafka();
  const topics = { msk: uniqueName('plugin-msk'), kafka: uniqueName('plugin-kafka') };
  const groups = { msk: uniqueName('plugin-msk-group'), kafka: uniqueName('plugin-kafka-group') };
  let lambdaPort: number;
  let serviceDir: string;
  let offline: ChildProcess | undefined;
  let started: ProcessEntry[] = [];
  let output = '';
  let statusPort: number;

  beforeAll(async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'offline-kafka-'));
    serviceDir = path.join(work, 'service');
    fs.mkdirSync(path.join(serviceDir, 'src'), { recursive: true });
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], path.join(PROJECT_ROOT, 'local/poller'))) as { filename: string }[];
    fs.writeFileSync(
      path.join(serviceDir, 'package.json'),
      JSON.stringify(
        {
          name: 'orders',
          private: true,
          devDependencies: {
            serverless: ROOT_PACKAGE.devDependencies.serverless,
            'serverless-offline': ROOT_PACKAGE.devDependencies['serverless-offline'],
            'serverless-offline-kafka': `file:${path.join(work, packed.filename)}`,
          },
          overrides: { serverless: '$serverless' },
        },
        null,
        2,
      ),
    );
    // Install scripts off, as this repository installs (esbuild and the napi codecs ship their binaries as packages).
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], serviceDir);
    fs.writeFileSync(path.join(serviceDir, 'src/on-order.ts'), MSK_HANDLER_TS);
    fs.writeFileSync(path.join(serviceDir, 'src/on-audit.js'), KAFKA_HANDLER_JS);

    const admin = await connectedAdmin(kafka);
    await admin.createTopics({ topics: [{ topic: topics.msk, numPartitions: 1 }, { topic: topics.kafka, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const [status, lambda] = await freePorts(23_400, [0, 2]);
    statusPort = status!;
    lambdaPort = lambda!;
    fs.writeFileSync(path.join(serviceDir, 'serverless.yml'), serverlessYml(topics, { status: status!, lambda: lambda! }, groups));
  }, 300_000);

  afterAll(async () => {
    if (offline?.exitCode === null) offline.kill('SIGKILL');
    for (const entry of stillRunning(started)) process.kill(entry.pid, 'SIGKILL');
    await kafka.disconnectAll();
    if (serviceDir) fs.rmSync(path.dirname(serviceDir), { recursive: true, force: true });
  });

  it('installs without a build step of its own and ships only built JavaScript', () => {
    const installed = path.join(serviceDir, 'node_modules/serverless-offline-kafka');
    expect(fs.existsSync(path.join(installed, 'dist/index.js'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'dist/function-worker.js'))).toBe(true);
    for (const asset of ['index.html', 'console.js', 'console.css']) expect(fs.existsSync(path.join(installed, 'dist/console', asset))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'index.ts'))).toBe(false);
    // serverless and serverless-offline bring tsx along; the plugin never loads it: esbuild bundles TypeScript handlers.
    for (const file of ['dist/index.js', 'dist/function-worker.js']) expect(fs.readFileSync(path.join(installed, file), 'utf8')).not.toMatch(/require\("tsx/);
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; types: string };
    // Its face: a README, and type declarations of its API, the options included.
    expect(fs.existsSync(path.join(installed, 'README.md'))).toBe(true);
    expect(fs.readFileSync(path.join(installed, manifest.types), 'utf8')).toContain('type PluginOptions');
    // The AWS SDK clients, the IAM signer and zod are shared/kafka-connection's, inlined in dist/.
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@aws-sdk/client-glue',
      '@aws-sdk/client-kafka',
      '@aws-sdk/client-secrets-manager',
      'ajv',
      'avsc',
      'aws-msk-iam-sasl-signer-js',
      'esbuild',
      'kafkajs',
      'lz4-napi',
      'prom-client',
      'protobufjs',
      'snappy',
      'zod',
    ]);
  });

  it('runs the msk (TypeScript) and kafka (JavaScript) handlers on produced records under `serverless offline start`, reloads a saved handler, and stops cleanly with it on Ctrl-C twice in a row', async () => {
    const outFile = path.join(serviceDir, 'received.jsonl');
    offline = spawn(process.execPath, [path.join(serviceDir, 'node_modules/serverless/bin/serverless.js'), 'offline', 'start'], {
      cwd: serviceDir,
      env: { ...process.env, KAFKA_BROKERS: testBrokers().join(','), OUT_FILE: outFile },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own, as a terminal's foreground job: Ctrl-C signals the whole group.
      detached: true,
    });
    offline.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    offline.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const failed = (what: string) => (error: Error) => {
      throw new Error(`${what}: ${error.message}\n${output.slice(-4000)}`);
    };

    await waitUntil('the plugin serves status', () => {
      if (offline!.exitCode !== null) throw new Error(`serverless offline exited with ${offline!.exitCode}`);
      return output.includes('"message":"status server"');
    }, 120_000).catch(failed('serverless offline start'));

    const producer = await connectedProducer(kafka);
    await producer.send({ topic: topics.msk, acks: -1, messages: [{ key: 'order-1', value: '{"order":1}' }] });
    await producer.send({ topic: topics.kafka, acks: -1, messages: [{ key: 'audit-1', value: 'audited' }] });
    await producer.disconnect();

    const received = await waitUntil('both handlers ran', () => {
      if (!fs.existsSync(outFile)) return undefined;
      const lines = fs.readFileSync(outFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Received);
      return lines.some((line) => line.handler === 'msk') && lines.some((line) => line.handler === 'kafka') ? lines : undefined;
    }).catch(failed('the handlers'));

    const msk = received.find((line) => line.handler === 'msk')!;
    expect(msk.event).toMatchObject({ eventSource: 'aws:kafka', eventSourceArn: CLUSTER_ARN, bootstrapServers: testBrokers().join(',') });
    expect(msk.event.records[`${topics.msk}-0`].map((record) => Buffer.from(record.value, 'base64').toString())).toEqual(['{"order":1}']);
    // The account of the cluster's ARN, the provider's region.
    expect(msk.functionArn).toBe('arn:aws:lambda:eu-west-1:111122223333:function:onOrder');

    const selfManaged = received.find((line) => line.handler === 'kafka')!;
    expect(selfManaged.event.eventSource).toBe('SelfManagedKafka');
    expect(selfManaged.event.eventSourceArn).toBeUndefined();
    expect(selfManaged.event.records[`${topics.kafka}-0`].map((record) => Buffer.from(record.value, 'base64').toString())).toEqual(['audited']);
    // A kafka event names no account: the plugin's accountId option.
    expect(selfManaged.functionArn).toBe('arn:aws:lambda:eu-west-1:444455556666:function:onAudit');

    // The console page and the metrics, served from the installed package.
    const page = await fetch(`http://127.0.0.1:${statusPort}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script src="/console.js">');
    expect((await fetch(`http://127.0.0.1:${statusPort}/console.js`)).status).toBe(200);
    // The handler wrote its line before it returned; the invocation is counted once it has.
    const invoked = new RegExp(`^lambda_event_source_mapping_invoked_events_total\\{function="onOrder",topic="${topics.msk}"\\} 1$`, 'm');
    await waitUntil('/metrics counts the invocation', async () => invoked.test(await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text()));

    // Saved as an editor saves (a new file renamed over the old): the very next batch runs the new code.
    const handlerFile = path.join(serviceDir, 'src/on-order.ts');
    fs.writeFileSync(`${handlerFile}.tmp`, MSK_HANDLER_TS.replace("handler: 'msk'", "handler: 'msk-v2'"));
    fs.renameSync(`${handlerFile}.tmp`, handlerFile);
    await waitUntil('the plugin reloads onOrder', () => /"message":"function reloaded","function":"onOrder"/.test(output)).catch(failed('the reload'));
    const second = await connectedProducer(kafka);
    await second.send({ topic: topics.msk, acks: -1, messages: [{ key: 'order-2', value: '{"order":2}' }] });
    await second.disconnect();
    const reloaded = await waitUntil('the saved handler runs', () => {
      const lines = fs.readFileSync(outFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { handler: string; event: Received['event'] });
      return lines.find((line) => line.handler === 'msk-v2');
    }).catch(failed('the saved handler'));
    expect(reloaded.event.records[`${topics.msk}-0`].map((record) => Buffer.from(record.value, 'base64').toString())).toEqual(['{"order":2}']);

    started = processTree(offline.pid!);
    const exited = new Promise<number | null>((resolve) => offline!.once('exit', resolve));
    process.kill(-offline.pid!, 'SIGINT');
    // Pressed again while it stops.
    await waitUntil('the plugin is stopping', () => output.includes('"message":"stopping"'), 10_000);
    signalGroupAgain(offline.pid!, 'SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('"message":"stopped"');
    expect(output).not.toContain('forced stop');
    const admin = await connectedAdmin(kafka);
    try {
      // Both records of onOrder and the one of onAudit were processed: committed, and the groups left at once.
      for (const [groupId, topic, lastOffset] of [[groups.msk, topics.msk, 1], [groups.kafka, topics.kafka, 0]] as const) {
        const outcome = await stopOutcome({ admin, groupId, topic, processed: [{ partition: 0, offset: lastOffset }], started, ports: [statusPort, lambdaPort] });
        expect({ groupId, ...outcome }).toEqual({ groupId, ...CLEAN_STOP });
      }
    } finally {
      await admin.disconnect();
    }
  }, 180_000);
});

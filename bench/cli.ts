import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { hangUpWhenOrphaned, runCli, SHUTDOWN_SIGNALS } from '../local/cli';
import { replicationFactorFor } from '../local/config';
import { BenchTopics } from './bench-topics';
import type { BenchContext } from './context';
import { Figures } from './figures';
import { BUNDLE_BUDGET_BYTES } from '../deploy/bundle-budgets';
import { goalFor } from './goals';
import { javaToolsClasspath } from './java-tools';
import { benchPlan, describePlan } from './plan';
import { ProjectBacklog } from './project-backlog';
import { formatTable, writeJson } from './report';
import { coldStart } from './scenarios/cold-start';
import { compressedThroughput } from './scenarios/compressed-throughput';
import { endToEnd } from './scenarios/end-to-end';
import { httpProducer } from './scenarios/http-producer';
import { pollerThroughput } from './scenarios/poller-throughput';
import { avroThroughput } from './scenarios/avro-throughput';
import { queueThroughput } from './scenarios/queue-throughput';
import { BenchServices } from './services';

const SCENARIOS: Record<string, (context: BenchContext) => Promise<void>> = {
  throughput: pollerThroughput,
  compressed: compressedThroughput,
  http: httpProducer,
  e2e: endToEnd,
  cold: coldStart,
  avro: avroThroughput,
  queue: queueThroughput,
};

const USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--only ${Object.keys(SCENARIOS).join(',')}]
Measures the local loop against raw kafkajs and Kafka's own tools on the same broker; see docs/performance.md.`;

function progress(line: string): void {
  console.log(`[bench] ${line}`);
}

function machine(): string {
  const memoryGb = (os.totalmem() / 2 ** 30).toFixed(1);
  const java = /version "([^"]+)"/.exec(spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr ?? '')?.[1] ?? 'none';
  return `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${memoryGb} GiB, Node ${process.version}, Java ${java}, ${os.platform()} ${os.release()}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, json: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const names = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
  const unknown = names.filter((name) => !SCENARIOS[name]);
  if (unknown.length > 0) {
    console.error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
    return 2;
  }

  const started = Date.now();
  const plan = benchPlan(values.quick);
  progress(`${plan.quick ? 'quick' : 'full'} run: ${describePlan(plan)}`);
  progress(`machine: ${machine()}`);
  const services = new BenchServices(progress);
  const figures = new Figures();
  const failed: string[] = [];
  let stopSignal: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    stopSignal = signal;
    progress(`${signal}: stopping after the current step`);
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  hangUpWhenOrphaned();
  try {
    const { brokers, brokerCount } = await services.kafka();
    // Generous connection timeout: 64 producers connecting at once on a busy 2-core machine.
    const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.WARN, connectionTimeout: 10_000 });
    const admin = kafka.admin();
    await admin.connect();
    const topics = new BenchTopics(admin, replicationFactorFor(brokerCount));
    // Only the scenarios that post through serverless offline write to the project's own topic.
    const backlog = names.some((name) => name === 'http' || name === 'e2e') ? await ProjectBacklog.snapshot(admin) : undefined;
    let classpath: Promise<string> | undefined;
    const context: BenchContext = {
      plan,
      figures,
      brokers,
      kafka,
      topics,
      services,
      progress,
      javaClasspath: () => (classpath ??= javaToolsClasspath(progress)),
    };
    try {
      for (const name of names) {
        if (stopSignal) break;
        const scenarioStarted = Date.now();
        progress(`scenario ${name}`);
        // One scenario failing should not throw away what the others measure.
        await SCENARIOS[name]!(context).catch((error: Error) => {
          failed.push(name);
          progress(`scenario ${name} failed: ${error.message}`);
        });
        progress(`scenario ${name} took ${((Date.now() - scenarioStarted) / 1000).toFixed(0)} s`);
      }
    } finally {
      for (const line of (await backlog?.release().catch((error: Error) => [`could not check the project's consumer groups: ${error.message}`])) ?? []) progress(line);
      await topics.removeAll().catch((error: Error) => progress(`could not delete the bench topics: ${error.message}`));
      await admin.disconnect();
    }
  } finally {
    await services.stopAll();
  }

  const summaries = figures.summaries();
  console.log(`\n${formatTable(summaries, (key) => goalFor(key, BUNDLE_BUDGET_BYTES))}\n`);
  progress(`machine: ${machine()}`);
  progress(`${plan.quick ? 'quick' : 'full'} run took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (values.json) {
    writeJson(values.json, summaries);
    progress(`figures written to ${values.json}`);
  }
  if (failed.length > 0) progress(`failed: ${failed.join(', ')}; their figures are partial or missing`);
  return stopSignal ? 130 : failed.length > 0 ? 1 : 0;
}

runCli('bench', main);

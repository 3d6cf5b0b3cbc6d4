import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppendedLines } from '../../local/appended-lines';
import { MESSAGE_CREATED_TOPIC } from '../../local/config';
import { DEFAULT_BATCHING_WINDOW_MS } from '../../local/poller/index';
import type { StoredMessage } from '../../shared/message-schema';
import { BenchChild } from '../child-process';
import type { PollerConsumerSpec } from '../consumers/poller-consumer';
import type { BenchContext } from '../context';
import { HttpClient } from '../http-client';
import { MESSAGE_BODY } from '../records';
import { percentile } from '../stats';

const POLLER = path.join(__dirname, '..', 'consumers', 'poller-consumer.ts');
const RECORDING_HANDLER = path.join(__dirname, '..', 'handlers', 'record-invocations.ts');
const WARM_UP_MESSAGES = 60;
const WARM_UP_CONCURRENCY = 6;
/** How long after the last answer a message may take to reach the handler before it counts as lost. */
const ARRIVAL_GRACE_MS = 10_000;
const MAX_IN_FLIGHT = 256;

const now = (): number => performance.timeOrigin + performance.now();

/** When the handler first saw each message id, from the lines it appends (`<id> <epoch ms>`), read as they come. */
class Invocations {
  readonly #lines: AppendedLines;
  readonly #seen = new Map<string, number>();

  constructor(file: string) {
    this.#lines = new AppendedLines(file);
  }

  seen(): Map<string, number> {
    for (const line of this.#lines.read()) {
      const [id, at] = line.split(' ');
      if (id && at && !this.#seen.has(id)) this.#seen.set(id, Number(at));
    }
    return this.#seen;
  }
}

async function post(client: HttpClient, url: string): Promise<StoredMessage> {
  const answer = await client.post(url, MESSAGE_BODY);
  if (answer.status !== 201) throw new Error(`POST ${url}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  return JSON.parse(answer.body) as StoredMessage;
}

async function untilInvoked(invocations: Invocations, ids: Iterable<string>, deadline: number): Promise<Map<string, number>> {
  const wanted = [...ids];
  for (;;) {
    const seen = invocations.seen();
    if (wanted.every((id) => seen.has(id)) || Date.now() > deadline) return seen;
    await sleep(100);
  }
}

interface Sent {
  sentAt: number;
  answeredAt: number;
  partition: number;
  offset: number;
}

/** Messages at a steady rate, each request timed from just before it is sent; by message id. */
async function steadyRate(client: HttpClient, url: string, messages: number, ratePerSecond: number): Promise<Map<string, Sent>> {
  const sent = new Map<string, Sent>();
  const failures: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let index = 0; index < messages; index += 1) {
    const due = started + (index * 1000) / ratePerSecond;
    if (due > performance.now()) await sleep(due - performance.now());
    while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    const sentAt = now();
    const request: Promise<void> = post(client, url).then(
      ({ id, partition, offset }) => void sent.set(id, { sentAt, answeredAt: now(), partition, offset }),
      (error: Error) => void failures.push(error.message),
    );
    inFlight.add(request);
    void request.then(() => inFlight.delete(request));
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw new Error(`${failures.length} of ${messages} requests failed, e.g. ${failures[0]}`);
  return sent;
}

async function measure(context: BenchContext, url: string, batchingWindowMs: number): Promise<{ latenciesMs: number[]; httpMs: number[] }> {
  const { plan, brokers, topics } = context;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-e2e-'));
  const file = path.join(dir, 'invocations.txt');
  const spec: PollerConsumerSpec = {
    brokers,
    topic: MESSAGE_CREATED_TOPIC.name,
    groupId: topics.group('bench-e2e'),
    startingPosition: 'LATEST',
    batchSize: 100,
    batchingWindowMs,
    handlerFile: RECORDING_HANDLER,
    environment: { BENCH_INVOCATIONS_FILE: file },
  };
  const budgetMs = 60_000 + (plan.e2eMessages * 1000) / plan.e2eRatePerSecond + 2 * ARRIVAL_GRACE_MS;
  const poller = new BenchChild(POLLER, spec, budgetMs);
  const client = new HttpClient(MAX_IN_FLIGHT);
  const invocations = new Invocations(file);
  try {
    await poller.message('ready');
    // One message at a time until the function has seen one (the poller has joined and fetched),
    // then a burst, so the poller's workers and offline's containers are warm.
    const deadline = Date.now() + 30_000;
    while (!invocations.seen().size && Date.now() < deadline) {
      await post(client, url);
      await sleep(100);
    }
    const warmUp: string[] = [];
    for (let index = 0; index < WARM_UP_MESSAGES; index += WARM_UP_CONCURRENCY) {
      warmUp.push(...(await Promise.all(Array.from({ length: WARM_UP_CONCURRENCY }, async () => (await post(client, url)).id))));
    }
    const warm = await untilInvoked(invocations, warmUp, Date.now() + ARRIVAL_GRACE_MS);
    if (!warmUp.every((id) => warm.has(id))) throw new Error('the warm-up messages did not all reach the handler');

    const sent = await steadyRate(client, url, plan.e2eMessages, plan.e2eRatePerSecond);
    const invokedAt = await untilInvoked(invocations, sent.keys(), Date.now() + ARRIVAL_GRACE_MS);
    const lost = [...sent].filter(([id]) => !invokedAt.has(id)).map(([, { partition, offset }]) => `${partition}@${offset}`);
    if (lost.length > 0) throw new Error(`${lost.length} of ${sent.size} messages never reached the handler: ${lost.slice(0, 20).join(' ')}`);
    return {
      latenciesMs: [...sent].map(([id, { sentAt }]) => invokedAt.get(id)! - sentAt),
      httpMs: [...sent.values()].map(({ sentAt, answeredAt }) => answeredAt - sentAt),
    };
  } finally {
    client.close();
    await poller.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Scenario 3: from the moment a POST /api/v1/messages is sent to the moment the poller's
 * function is invoked with that message, at a steady rate, with a batching window of 0 and with
 * AWS's 500 ms default. The function records when it is invoked, per message id (the real
 * notifications function would add DynamoDB's write, which is not the loop's latency).
 */
export async function endToEnd(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, progress } = context;
  const offline = await context.services.offline(brokers);
  const url = `${offline.url}/api/v1/messages`;
  const windows = [
    { batchingWindowMs: 0, suffix: '' },
    { batchingWindowMs: DEFAULT_BATCHING_WINDOW_MS, suffix: '_default_window' },
  ];
  for (let run = 1; run <= plan.runs; run += 1) {
    for (const { batchingWindowMs, suffix } of windows) {
      const { latenciesMs, httpMs } = await measure(context, url, batchingWindowMs);
      const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(latenciesMs, p));
      figures.add(`e2e_p50_ms${suffix}`, p50!);
      figures.add(`e2e_p95_ms${suffix}`, p95!);
      figures.add(`e2e_p99_ms${suffix}`, p99!);
      // The POST's own share: the part of the latency the poller has no say in.
      figures.add(`e2e_http_p99_ms${suffix}`, percentile(httpMs, 99));
      progress(
        `e2e run ${run}/${plan.runs}, window ${batchingWindowMs} ms: ${latenciesMs.length} messages, ` +
          `p50 ${p50!.toFixed(1)} ms, p95 ${p95!.toFixed(1)} ms, p99 ${p99!.toFixed(1)} ms (the POST alone: p99 ${percentile(httpMs, 99).toFixed(1)} ms)`,
      );
    }
  }
}

import { Partitioners, type Producer } from 'kafkajs';
import type { BenchContext } from '../context';
import { closedLoop, type LoopOptions, type LoopResult } from '../closed-loop';
import { HttpClient } from '../http-client';
import { javaProducerRate } from '../java-tools';
import { MESSAGE_BODY, sampleRecord, VALUE_BYTES } from '../records';
import { percentile } from '../stats';

const PATH = '/api/v1/messages';
/**
 * Before each measurement, unmeasured, the clients ramp up, doubling to the measured concurrency,
 * each sending a few requests per step, then repeat the full concurrency until a round is clean:
 * serverless-offline starts a container (a worker thread that loads the bundle and connects its
 * own producer) per concurrent request, 64 of them starting at once on 2 cores outlast the
 * function's 10 s timeout, and a timed-out container is thrown away. No measurement should
 * include a cold start.
 */
const WARM_UP_REQUESTS_PER_CLIENT = 2;
const WARM_UP_LIMIT_MS = 120_000;
const WARM_UP_MAX_ROUNDS = 5;
/** A round with a request slower than this still had a cold start in it. */
const WARM_LATENCY_MS = 2_000;

/** Far above what 5 s can reach here; only there so no loop is unbounded. */
const MAX_REQUESTS = 200_000;

const measured = (concurrency: number, durationMs: number): LoopOptions => ({ concurrency, durationMs, maxRequests: MAX_REQUESTS });
const warmUpRound = (concurrency: number): LoopOptions => ({ concurrency, durationMs: WARM_UP_LIMIT_MS, maxRequests: concurrency * WARM_UP_REQUESTS_PER_CLIENT });

async function warmUp(what: string, concurrency: number, load: (options: LoopOptions) => Promise<LoopResult>, progress: (line: string) => void): Promise<void> {
  for (let clients = Math.max(1, Math.floor(concurrency / 8)); clients < concurrency; clients *= 2) await load(warmUpRound(clients));
  for (let round = 1; round <= WARM_UP_MAX_ROUNDS; round += 1) {
    const result = await load(warmUpRound(concurrency));
    if (result.failed === 0 && Math.max(...result.latenciesMs) < WARM_LATENCY_MS) return;
    if (round === WARM_UP_MAX_ROUNDS) progress(`${what} at ${concurrency}: still ${result.failed} failures or cold starts after ${round} warm-up rounds (${result.failures[0]?.slice(0, 120) ?? 'slow'})`);
  }
}

async function httpLoad(client: HttpClient, url: string, options: LoopOptions): Promise<LoopResult> {
  return closedLoop(options, async () => {
    const answer = await client.post(url, MESSAGE_BODY);
    return answer.status === 201 || `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  });
}

/**
 * One idempotent producer per client, as each Lambda container of `createMessage` has its own,
 * sending one message per request with the handler's settings (acks -1, one request in flight).
 */
async function kafkajsLoad(producers: Producer[], topic: string, options: LoopOptions): Promise<LoopResult> {
  return closedLoop(options, async (client) => {
    await producers[client]!.send({ topic, acks: -1, messages: [sampleRecord()] });
    return true;
  });
}

async function measureHttp(context: BenchContext, url: string, concurrency: number): Promise<LoopResult> {
  const client = new HttpClient(concurrency);
  try {
    await warmUp('HTTP', concurrency, (options) => httpLoad(client, url, options), context.progress);
    return await httpLoad(client, url, measured(concurrency, context.plan.httpSeconds * 1000));
  } finally {
    client.close();
  }
}

async function measureKafkajs(context: BenchContext, topic: string, concurrency: number): Promise<LoopResult> {
  const producers = Array.from({ length: concurrency }, () =>
    context.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
  );
  try {
    await Promise.all(producers.map((producer) => producer.connect()));
    await warmUp('kafkajs', concurrency, (options) => kafkajsLoad(producers, topic, options), context.progress);
    return await kafkajsLoad(producers, topic, measured(concurrency, context.plan.httpSeconds * 1000));
  } finally {
    await Promise.all(producers.map((producer) => producer.disconnect()));
  }
}

/**
 * Rate, p50, p99 and failures of one measurement, as `<prefix>_rps_c<n>` and so on. Failures are
 * a figure of their own (a rate with failures in it is not a clean rate); none succeeding stops the bench.
 */
function record(context: BenchContext, prefix: string, concurrency: number, result: LoopResult): number {
  if (result.completed === 0) throw new Error(`${prefix} at concurrency ${concurrency}: every request failed, e.g. ${result.failures.join(' | ')}`);
  const rate = result.completed / (result.elapsedMs / 1000);
  const { figures } = context;
  figures.add(`${prefix}_rps_c${concurrency}`, rate);
  figures.add(`${prefix}_p50_ms_c${concurrency}`, percentile(result.latenciesMs, 50));
  figures.add(`${prefix}_p99_ms_c${concurrency}`, percentile(result.latenciesMs, 99));
  figures.add(`${prefix}_failed_c${concurrency}`, result.failed);
  if (result.failed > 0) context.progress(`${prefix} at concurrency ${concurrency}: ${result.failed} of ${result.failed + result.completed} requests failed, e.g. ${result.failures[0]?.slice(0, 160)}`);
  return rate;
}

/**
 * Scenario 2: POST /api/v1/messages under `serverless offline` at 1, 16 and 64 concurrent
 * clients (keep-alive, one message of 1 KiB per request), then, with offline stopped, kafkajs
 * producers sending the same records at the same concurrency, and Kafka's ProducerPerformance
 * (acks=all, batching as it does by default) as the ceiling. Run n of HTTP is compared with run
 * n of kafkajs.
 */
export async function httpProducer(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, topics, progress } = context;
  const offline = await context.services.offline(brokers);
  const url = `${offline.url}${PATH}`;
  const httpRates: Map<number, number>[] = [];
  for (let run = 1; run <= plan.runs; run += 1) {
    const rates = new Map<number, number>();
    for (const concurrency of plan.httpConcurrency) {
      const http = await measureHttp(context, url, concurrency);
      rates.set(concurrency, record(context, 'http', concurrency, http));
      progress(
        `http run ${run}/${plan.runs}, ${concurrency} client(s): ${Math.round(rates.get(concurrency)!)}/s ` +
          `(p50 ${percentile(http.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(http.latenciesMs, 99).toFixed(1)} ms)`,
      );
    }
    httpRates.push(rates);
  }
  // The baselines run without serverless offline, so nothing of the route under test takes CPU from them.
  await context.services.stopOffline();

  const topic = await topics.create('bench-producer');
  const javaTopic = await topics.create('bench-producer-java');
  const classpath = await context.javaClasspath();
  for (let run = 1; run <= plan.runs; run += 1) {
    for (const concurrency of plan.httpConcurrency) {
      const kafkajsRate = record(context, 'kafkajs_send', concurrency, await measureKafkajs(context, topic, concurrency));
      figures.addRatio(`http_vs_kafkajs_c${concurrency}`, httpRates[run - 1]!.get(concurrency)!, kafkajsRate);
      progress(`kafkajs run ${run}/${plan.runs}, ${concurrency} producer(s): ${Math.round(kafkajsRate)}/s`);
    }
    const java = await javaProducerRate(classpath, { brokers, topic: javaTopic, records: plan.javaProducerRecords, recordsFrom: { recordBytes: VALUE_BYTES } });
    figures.add('java_producer_rps', java.recordsPerSecond);
    figures.add('java_producer_p99_ms', java.p99Ms);
    progress(`Java ProducerPerformance run ${run}/${plan.runs}: ${Math.round(java.recordsPerSecond)}/s (p99 ${java.p99Ms} ms)`);
  }
}

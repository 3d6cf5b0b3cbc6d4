import { startOffline, type OfflineServer } from '../../local/offline-server';
import type { StoredMessage } from '../../shared/message-schema';
import { httpEvent } from '../helpers/http-events';
import { loadIsolated } from '../helpers/isolated-module';
import { testBrokers, testKafka, uniqueName } from '../helpers/kafka';
import { connectedAdmin } from '../helpers/kafka-produce';
import { createTopic, readWholeTopic } from '../helpers/kafka-records';
import { lambdaContext } from '../helpers/lambda-context';
import { inPool } from '../../local/bounded-pool';
import type { Figures } from './support/figures';
import { recordFigures, thousands } from './support/figures-table';
import { badRequests, goodRequest, invalidUtf8Requests, type GoodCase, type HttpCase } from './support/http-cases';
import { isJsonError, post, type HttpResult } from './support/http-client';
import { ownEsbuildWorkFolder } from '../helpers/esbuild-work-folder';
import { freePorts } from '../helpers/ports';
import { messageCount } from './support/stack';

type HandlerModule = typeof import('../../functions/create-message/handler');

/** One good request after every this many bad ones. */
const BAD_PER_GOOD = 4;
/**
 * serverless-offline starts a worker (a cold start) per concurrent request; eight cold starts at
 * once on 2 cores outlast the function's 10 s timeout. Two at a time is as fast here.
 */
const CONCURRENCY = 2;

interface Answered {
  request: HttpCase | GoodCase;
  result: HttpResult;
}

const isGood = (entry: Answered): entry is { request: GoodCase; result: HttpResult } => 'messages' in entry.request;

/** `400: 812, 413: 60` */
function statusCounts(entries: readonly Answered[]): string {
  const counts = new Map<number, number>();
  for (const { result } of entries) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
}

function idsOf(entries: readonly Answered[]): string[] {
  return entries.flatMap(({ result }) => (result.status === 201 ? [result.json as StoredMessage | StoredMessage[]].flat().map((message) => message.id) : []));
}

/** Scenario 8: generated bad requests against POST /api/v1/messages, with good ones in between. */
describe('chaos: bad input on POST /api/v1/messages', () => {
  const kafka = testKafka();
  const badCount = messageCount({ full: 1_200, ci: 1_000 });
  let offline: OfflineServer | undefined;
  const bundles = ownEsbuildWorkFolder('chaos-http');
  const handlers: HandlerModule[] = [];

  afterAll(async () => {
    await offline?.stop();
    bundles.remove();
    await Promise.all(handlers.map(({ producer }) => producer.disconnect()));
    await kafka.disconnectAll();
  });

  /** The message ids `topic` holds. */
  async function topicContents(topic: string): Promise<string[]> {
    const admin = await connectedAdmin(kafka);
    return (await readWholeTopic(kafka, admin, topic)).map((record) => (JSON.parse(record.value!) as StoredMessage).id);
  }

  it('through serverless offline: every bad request gets a 4xx with a JSON error and produces nothing; every good one is served', async () => {
    const topic = uniqueName('chaos-http');
    await createTopic(kafka, topic);
    const [httpPort, lambdaPort] = await freePorts(23000, [0, 2]);
    offline = await startOffline({ ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR', ...bundles.env }, () => undefined, { httpPort, lambdaPort, params: { messageTopic: topic } });
    const url = `${offline.url}/api/v1/messages`;

    const requests: (HttpCase | GoodCase)[] = [goodRequest(0)];
    for (const [index, bad] of badRequests(badCount).entries()) {
      requests.push(bad);
      if (index % BAD_PER_GOOD === BAD_PER_GOOD - 1) requests.push(goodRequest((index + 1) / BAD_PER_GOOD));
    }
    // The first request cold-starts the function alone.
    const first = await post(url, requests[0]!);
    const started = Date.now();
    const results = [first, ...(await inPool(requests.slice(1), CONCURRENCY, (request) => post(url, request)))];
    const perSecond = (requests.length - 1) / ((Date.now() - started) / 1000);

    const answered = requests.map((request, index): Answered => ({ request, result: results[index]! }));
    const bad = answered.filter((entry) => !isGood(entry));
    const good = answered.filter(isGood);
    const goodIds = idsOf(good);
    const inTopic = await topicContents(topic);
    const topicIds = new Set(inTopic);
    const failed = answered.filter(({ result }) => result.status >= 500 || result.status === 0);
    const figures: Figures = {
      scenario: '8. bad HTTP requests among good ones (serverless offline)',
      sent: goodIds.length,
      delivered: goodIds.filter((id) => topicIds.has(id)).length,
      lost: goodIds.filter((id) => !topicIds.has(id)).length,
      duplicated: inTopic.length - topicIds.size,
      outOfOrder: null,
      note:
        `${thousands(bad.length)} bad requests (${statusCounts(bad)}), ${failed.length} 5xx or unanswered, ` +
        `${inTopic.length - goodIds.length} records for them; ${good.length} good requests (${statusCounts(good)}); ${perSecond.toFixed(0)} requests/s`,
    };
    recordFigures(figures);

    const wrongAnswers = bad.filter(({ result }) => result.status < 400 || result.status >= 500 || !isJsonError(result));
    expect(wrongAnswers.map(({ request, result }) => `${request.kind} ${String(request.body).slice(0, 80)} -> ${result.status}`)).toEqual([]);
    expect(good.filter(({ result }) => result.status !== 201).map(({ request, result }) => `${request.kind} -> ${result.status}`)).toEqual([]);
    expect(goodIds).toHaveLength(good.reduce((sum, { request }) => sum + request.messages, 0));
    expect(inTopic).toHaveLength(goodIds.length);
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
  });

  it('on the handler directly: a body that is not UTF-8, as API Gateway passes it (base64), gets a 400 and produces nothing', async () => {
    const topic = uniqueName('chaos-http-bytes');
    await createTopic(kafka, topic);
    const module = loadIsolated({ KAFKA_BROKERS: testBrokers().join(','), MESSAGE_TOPIC: topic, POWERTOOLS_LOG_LEVEL: 'ERROR' }, () => require('../../functions/create-message/handler') as HandlerModule);
    handlers.push(module);

    const responses = [];
    for (const request of invalidUtf8Requests()) {
      const event = httpEvent('base64-body');
      event.body = Buffer.from(request.body).toString('base64');
      event.headers = { ...event.headers, 'content-type': request.contentType ?? 'application/json' };
      responses.push(await module.handler(event, lambdaContext()));
    }

    expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 400));
    expect(await topicContents(topic)).toEqual([]);
  });
});

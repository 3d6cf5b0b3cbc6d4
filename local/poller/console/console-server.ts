import type http from 'node:http';
import type { PollerLog } from '../log';
import type { EsmSettings } from '../settings/esm-settings';
import type { MappingStatus } from '../mapping-status';
import type { InvocationHistory } from './invocation-history';
import { consoleAsset } from './console-assets';
import { ConsoleKafka } from './console-kafka';
import { readDeadLetter } from './dead-letter-record';
import { checkHost, checkOrigin, ConsoleRequestError, readJsonBody, sendJson, wholeNumber } from './http-replies';
import { LagHistory } from './lag-history';
import { LiveUpdates } from './live-updates';
import { decodeEvent, showBytes } from './record-view';
import { sendAgain } from './send-again';
import { TopicNotFoundError, type ReadRecord } from './topic-reader';

/** What the console reads of the running service: it asks, and changes nothing. */
export interface ConsoleService {
  running: readonly { settings: EsmSettings; invocations: InvocationHistory }[];
  status(): Promise<MappingStatus[]>;
}

export interface ConsoleOptions {
  service: ConsoleService;
  brokers: string[];
  log: PollerLog;
  /** Topics shown in the dead-letter view beside the mappings' on-failure destinations. */
  deadLetterTopics?: readonly string[];
}

/** While a page watches, the mappings are read this often; otherwise only for the lag chart. */
const WATCHED_INTERVAL_MS = 1_000;
const UNWATCHED_INTERVAL_MS = 5_000;
/** Records per partition shown in the dead-letter view. */
const DEAD_LETTERS_PER_PARTITION = 50;
const MAX_BROWSE_LIMIT = 200;

export function mappingKey(mapping: { function: string; topic: string }): string {
  return `${mapping.function}/${mapping.topic}`;
}

/** The settings as AWS would list them: the compiled filter left out, the destination as configured. */
function shownSettings(settings: EsmSettings): Record<string, unknown> {
  const { filter: _compiled, onFailure, ...shown } = settings;
  return { ...shown, onFailureDestination: onFailure ? (onFailure.kind === 'kafka' ? `kafka://${onFailure.topic}` : onFailure.destination) : 'none' };
}

function shownRecord(record: ReadRecord): Record<string, unknown> {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: showBytes(record.key),
    value: showBytes(record.value),
    headers: Object.fromEntries(record.headers.map((header) => [header.key, showBytes(header.value)])),
  };
}

/** A dead letter for the page: the original's value decoded, not its bytes. */
function deadLetterView(record: ReadRecord): Record<string, unknown> {
  const { original, ...entry } = readDeadLetter(record);
  return { ...entry, canSendAgain: original !== undefined, originalValue: original ? showBytes(original.value) : undefined };
}

/**
 * The console page and its API, served by the status server: the mappings with their lag, the
 * latest invocations as they happen (server-sent events), the dead-letter topics with "send
 * again", and a topic browser. It reads Kafka with clients of its own, never the mappings'.
 */
export class ConsoleServer {
  private readonly kafka: ConsoleKafka;
  private readonly live: LiveUpdates;
  private readonly lag = new LagHistory();
  private latestStatus: MappingStatus[] = [];
  private timer: NodeJS.Timeout | undefined;
  private watched = false;
  private closed = false;
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: ConsoleOptions) {
    this.kafka = new ConsoleKafka(options.brokers);
    this.live = new LiveUpdates((anyone) => {
      this.watched = anyone;
      if (anyone) this.schedule(0);
    });
    this.unsubscribe = options.service.running.map(({ invocations }) => invocations.onInvocation((entry) => this.live.send('invocation', entry)));
    this.schedule(0);
  }

  get deadLetterTopics(): string[] {
    const onFailure = this.options.service.running.flatMap(({ settings }) => (settings.onFailure?.kind === 'kafka' ? [settings.onFailure.topic] : []));
    return [...new Set([...onFailure, ...(this.options.deadLetterTopics ?? [])])];
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sample(), delayMs);
    this.timer.unref();
  }

  private async sample(): Promise<void> {
    try {
      this.latestStatus = await this.options.service.status();
      const at = Date.now();
      const samples = Object.fromEntries(
        this.latestStatus.flatMap((mapping) => (mapping.partitions === 'unknown' ? [] : [[mappingKey(mapping), this.lag.add(mappingKey(mapping), mapping.partitions, at)]])),
      );
      this.live.send('status', { mappings: this.latestStatus, samples, ...(this.watched && { deadLetterEnds: await this.kafka.endOffsets(this.deadLetterTopics) }) });
    } catch (error) {
      this.options.log.warn('console could not read the mappings', { error: (error as Error).message });
    }
    this.schedule(this.watched ? WATCHED_INTERVAL_MS : UNWATCHED_INTERVAL_MS);
  }

  /** Answers the console's routes; false for a path that is not one of them. */
  async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = `${request.method} ${url.pathname}`;
    try {
      if (request.method === 'GET' && !url.pathname.startsWith('/api/')) {
        const asset = consoleAsset(url.pathname);
        if (!asset) return false;
        checkHost(request);
        if (asset === 'not-built') {
          response.writeHead(503, { 'content-type': 'text/plain' }).end('The console page is not built: run `npm run build` in local/poller (npm start does it).');
          return true;
        }
        response.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-store' }).end(asset.body);
        return true;
      }
      if (!url.pathname.startsWith('/api/')) return false;
      checkHost(request);
      const answered = await this.api(route, url, request, response);
      if (!answered) sendJson(response, 404, { error: `no ${route}` });
    } catch (error) {
      if (error instanceof ConsoleRequestError) sendJson(response, error.statusCode, { error: error.message });
      else if (error instanceof TopicNotFoundError) sendJson(response, 404, { error: error.message });
      else {
        this.options.log.warn('console request failed', { route, error: (error as Error).message });
        sendJson(response, 502, { error: `Kafka did not answer: ${(error as Error).message}` });
      }
    }
    return true;
  }

  private async api(route: string, url: URL, request: http.IncomingMessage, response: http.ServerResponse): Promise<boolean> {
    if (route === 'GET /api/events') {
      this.live.open(request, response);
      return true;
    }
    if (route === 'GET /api/state') {
      const { running } = this.options.service;
      sendJson(response, 200, {
        mappings: running.map(({ settings }) => ({ key: mappingKey({ function: settings.functionName, topic: settings.topic }), settings: shownSettings(settings) })),
        status: this.latestStatus,
        lag: Object.fromEntries(running.map(({ settings }) => {
          const key = mappingKey({ function: settings.functionName, topic: settings.topic });
          return [key, this.lag.of(key)];
        })),
        invocations: running.flatMap(({ invocations }) => invocations.latest()).sort((a, b) => a.startedAt.localeCompare(b.startedAt)),
        deadLetterTopics: this.deadLetterTopics,
      });
      return true;
    }
    const invocation = url.pathname.match(/^\/api\/invocations\/([\w-]+)$/);
    if (request.method === 'GET' && invocation) {
      const requestId = invocation[1]!;
      const payload = this.options.service.running.map(({ invocations }) => invocations.event(requestId)).find((found) => found !== undefined);
      if (payload === undefined) throw new ConsoleRequestError(404, `no invocation ${requestId} among the latest`);
      if (payload === 'too-large') throw new ConsoleRequestError(410, `the event of ${requestId} was too large to keep`);
      sendJson(response, 200, { requestId, event: decodeEvent(payload) });
      return true;
    }
    if (route === 'GET /api/dead-letters') {
      const reader = await this.kafka.reader();
      const topics = await Promise.all(
        this.deadLetterTopics.map(async (topic) => {
          try {
            return { topic, records: (await reader.latest(topic, DEAD_LETTERS_PER_PARTITION)).map(deadLetterView) };
          } catch (error) {
            if (error instanceof TopicNotFoundError) return { topic, records: [], note: 'no such topic yet: nothing was dead-lettered' };
            throw error;
          }
        }),
      );
      sendJson(response, 200, { topics });
      return true;
    }
    if (route === 'POST /api/dead-letters/send-again') {
      checkOrigin(request);
      const body = await readJsonBody(request);
      const topic = body.topic;
      if (typeof topic !== 'string' || !this.deadLetterTopics.includes(topic)) {
        throw new ConsoleRequestError(400, `topic must be one of the dead-letter topics: ${this.deadLetterTopics.join(', ') || 'none configured'}`);
      }
      const sent = await sendAgain(await this.kafka.reader(), () => this.kafka.producer(), this.options.log, {
        topic,
        partition: wholeNumber(body.partition, 'partition'),
        offset: wholeNumber(body.offset, 'offset'),
      });
      sendJson(response, 200, sent);
      return true;
    }
    if (route === 'GET /api/topics') {
      sendJson(response, 200, { topics: await (await this.kafka.reader()).topics() });
      return true;
    }
    const messages = url.pathname.match(/^\/api\/topics\/([^/]+)\/messages$/);
    if (request.method === 'GET' && messages) {
      const topic = decodeURIComponent(messages[1]!);
      const partition = wholeNumber(url.searchParams.get('partition') ?? '0', 'partition');
      const offset = wholeNumber(url.searchParams.get('offset') ?? '0', 'offset');
      const limit = Math.min(MAX_BROWSE_LIMIT, Math.max(1, wholeNumber(url.searchParams.get('limit') ?? '20', 'limit')));
      const records = await (await this.kafka.reader()).fromOffset(topic, partition, offset, limit);
      sendJson(response, 200, { topic, partition, offset, records: records.map(shownRecord) });
      return true;
    }
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    this.live.close();
    await this.kafka.close();
  }
}

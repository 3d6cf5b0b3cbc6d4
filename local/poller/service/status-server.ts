import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConsoleServer } from '../console';
import type { PollerLog } from '../log';
import type { RunningService } from './run-service';

const HOST = '127.0.0.1';

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => reject(error);
    server.once('error', fail);
    server.listen(port, HOST, () => {
      server.off('error', fail);
      resolve();
    });
  });
}

const consoles = new WeakMap<http.Server, ConsoleServer>();

/** Closes the server, its console's open pages (their event streams would hold it open) and Kafka clients. */
export async function closeStatusServer(server: http.Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  await consoles.get(server)?.close();
  server.closeAllConnections();
  await closed;
}

export interface StatusServerOptions {
  /** The console reads and writes Kafka through these; no console without them. */
  brokers?: string[];
  /** Shown in the console's dead-letter view beside the on-failure destinations. */
  deadLetterTopics?: readonly string[];
}

/**
 * On 127.0.0.1: `GET /status` (offset lag, state and metrics of every mapping, as JSON),
 * `GET /metrics` (the same metrics as Prometheus text) and the console page at `/`. A taken port
 * never stops the poller (a second one beside `npm start` asks for 3004 too): it serves on a port
 * the OS picks instead, and logs which.
 */
export async function startStatusServer(service: RunningService, port: number, log: PollerLog, options: StatusServerOptions = {}): Promise<http.Server> {
  const console = options.brokers && new ConsoleServer({ service, brokers: options.brokers, log, ...(options.deadLetterTopics && { deadLetterTopics: options.deadLetterTopics }) });
  const server = http.createServer((request, response) => {
    const fail = (error: Error): void => {
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    };
    if (request.method === 'GET' && request.url === '/status') {
      service.status().then((mappings) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mappings }, null, 2)), fail);
      return;
    }
    if (request.method === 'GET' && request.url === '/metrics') {
      service.metrics.text().then(({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body), fail);
      return;
    }
    const notFound = (): void => {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `GET /status, GET /metrics${console ? ', or the console at /' : ''}` }));
    };
    if (!console) return notFound();
    console.handle(request, response).then((handled) => handled || notFound(), fail);
  });
  if (console) consoles.set(server, console);
  const taken = await listen(server, port).then(
    () => false,
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      return true;
    },
  );
  if (taken) await listen(server, 0);
  const actual = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${actual}/status`;
  if (taken) {
    log.info(`${port} was taken; status on ${HOST}:${actual}`, { askedPort: port, port: actual, ask: `npm run poller -- status --status-port ${actual}` });
  }
  log.info('status server', { port: actual, url, ...(console && { console: `http://${HOST}:${actual}/` }), metrics: `http://${HOST}:${actual}/metrics` });
  return server;
}

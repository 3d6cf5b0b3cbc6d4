import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/**
 * `GET /status` on 127.0.0.1: offset lag and queue state of every mapping, on demand. A taken port
 * never stops the poller (a second one beside `npm start` asks for 3004 too): it serves on a port
 * the OS picks instead, and logs which.
 */
export async function startStatusServer(service: RunningService, port: number, log: PollerLog): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/status') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'GET /status' }));
      return;
    }
    service.status().then(
      (mappings) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ mappings }, null, 2)),
      (error: Error) => response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message })),
    );
  });
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
  log.info('status server', { port: actual, url });
  return server;
}

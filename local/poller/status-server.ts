import http from 'node:http';
import type { RunningService } from './run-service';

/** `GET /status` on 127.0.0.1: offset lag and queue state of every mapping, on demand. */
export function startStatusServer(service: RunningService, port: number): Promise<http.Server> {
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
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

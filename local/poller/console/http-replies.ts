import type http from 'node:http';
import { PollerError } from '../errors';

/** A request the console refuses, with a message safe to show. */
export class ConsoleRequestError extends PollerError {
  constructor(
    readonly statusCode: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ConsoleRequestError';
  }
}

export function sendJson(response: http.ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** A JSON body of at most `limit` bytes, sent as `application/json`. */
export async function readJsonBody(request: http.IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown>> {
  if (!request.headers['content-type']?.startsWith('application/json')) throw new ConsoleRequestError(415, 'send the body as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ConsoleRequestError(413, `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch {
    throw new ConsoleRequestError(400, 'the body is not a JSON object');
  }
}

/**
 * Pages of other sites may send requests to 127.0.0.1 too: a request that changes something must
 * come from the console's own origin, and every console request must name this host (no DNS rebinding).
 */
export function checkHost(request: http.IncomingMessage): void {
  const port = request.socket.localPort;
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowed.includes(request.headers.host ?? '')) throw new ConsoleRequestError(403, `the console answers requests to ${allowed[0]} only`);
}

export function checkOrigin(request: http.IncomingMessage): void {
  const port = request.socket.localPort;
  const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  if (!allowed.includes(request.headers.origin ?? '')) throw new ConsoleRequestError(403, `this action is accepted from the console's own page (${allowed[0]}) only`);
}

export function wholeNumber(value: unknown, name: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) throw new ConsoleRequestError(400, `${name} must be a whole number, 0 or more`);
  return number;
}

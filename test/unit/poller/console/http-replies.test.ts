import type http from 'node:http';
import { Readable } from 'node:stream';
import { checkHost, checkOrigin, readJsonBody } from '../../../../local/poller/console/http-replies';

function request(headers: Record<string, string>, body = ''): http.IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers, socket: { localPort: 3004 } }) as unknown as http.IncomingMessage;
}

describe('console requests', () => {
  it.each(['127.0.0.1:3004', 'localhost:3004'])('answers requests addressed to %s', (host) => {
    expect(() => checkHost(request({ host }))).not.toThrow();
  });

  it.each(['attacker.example:3004', '127.0.0.1:3005', ''])('refuses requests addressed to "%s" (DNS rebinding)', (host) => {
    expect(() => checkHost(request({ host }))).toThrow(expect.objectContaining({ statusCode: 403 }));
  });

  it('takes a write only from its own page', () => {
    expect(() => checkOrigin(request({ origin: 'http://127.0.0.1:3004' }))).not.toThrow();
    expect(() => checkOrigin(request({ origin: 'http://localhost:3004' }))).not.toThrow();
    for (const headers of [{ origin: 'https://example.com' }, { origin: 'null' }, {}] as Record<string, string>[]) {
      expect(() => checkOrigin(request(headers))).toThrow("this action is accepted from the console's own page (http://127.0.0.1:3004) only");
    }
  });

  it('reads a JSON object body, and refuses other content types, malformed JSON and non-objects with a 4xx', async () => {
    await expect(readJsonBody(request({ 'content-type': 'application/json' }, '{"topic":"dlq"}'))).resolves.toEqual({ topic: 'dlq' });
    await expect(readJsonBody(request({ 'content-type': 'text/plain' }, '{}'))).rejects.toMatchObject({ statusCode: 415 });
    await expect(readJsonBody(request({ 'content-type': 'application/json' }, '{"topic":'))).rejects.toMatchObject({ statusCode: 400 });
    await expect(readJsonBody(request({ 'content-type': 'application/json' }, '[1]'))).rejects.toMatchObject({ statusCode: 400 });
    await expect(readJsonBody(request({ 'content-type': 'application/json' }, 'x'.repeat(100)), 10)).rejects.toMatchObject({ statusCode: 413 });
  });
});

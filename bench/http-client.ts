import http from 'node:http';

const IDLE_SOCKET_MS = 4_000;

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * A keep-alive HTTP client with one socket per concurrent request: lighter on a 2-core machine
 * than `fetch`, so more of the CPU is left to what is measured. (No load generator such as
 * autocannon is installed; this is the bench's own.)
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(maxSockets: number) {
    // Idle sockets are dropped before the server's 5 s keep-alive timeout; reusing one the server
    // is closing at that moment ends the request with ECONNRESET.
    this.agent = new http.Agent({ keepAlive: true, maxSockets, timeout: IDLE_SOCKET_MS });
  }

  post(url: string, body: string): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.setTimeout(30_000, () => request.destroy(new Error(`no answer from ${url} in 30 s`)));
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

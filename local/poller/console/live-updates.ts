import type http from 'node:http';

/**
 * Server-sent events to every open console page. `onFirst`/`onLast` let the owner poll the
 * mappings only while someone watches.
 */
export class LiveUpdates {
  private readonly clients = new Set<http.ServerResponse>();

  constructor(private readonly watching: (anyone: boolean) => void) {}

  open(request: http.IncomingMessage, response: http.ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write('retry: 1000\n\n');
    this.clients.add(response);
    if (this.clients.size === 1) this.watching(true);
    request.on('close', () => {
      this.clients.delete(response);
      if (this.clients.size === 0) this.watching(false);
    });
  }

  send(event: string, data: unknown): void {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(text);
  }

  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

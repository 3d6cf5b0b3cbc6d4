import WebSocket from 'ws';

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
}
type Listener = (params: Params) => void;

/** One inspector protocol session: the process's own, or a worker thread's reached through it. */
export interface InspectorSession {
  call(method: string, params?: Params): Promise<Params>;
  /** The next event `method` whose params satisfy `match`. */
  next(method: string, match?: (params: Params) => boolean, timeoutMs?: number): Promise<Params>;
}

class Session implements InspectorSession {
  private lastId = 0;
  private readonly pending = new Map<number, { resolve: (result: Params) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<{ method: string; listener: Listener }>();

  constructor(private readonly send: (message: string) => void) {}

  call(method: string, params: Params = {}): Promise<Params> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(JSON.stringify({ id, method, params }));
    });
  }

  next(method: string, match: (params: Params) => boolean = () => true, timeoutMs = 45_000): Promise<Params> {
    return new Promise((resolve, reject) => {
      const entry = {
        method,
        listener: (params: Params) => {
          if (!match(params)) return;
          clearTimeout(timer);
          this.listeners.delete(entry);
          resolve(params);
        },
      };
      const timer = setTimeout(() => {
        this.listeners.delete(entry);
        reject(new Error(`no ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(entry);
    });
  }

  receive(message: Message): void {
    if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error.message));
      else waiting?.resolve(message.result ?? {});
      return;
    }
    for (const { method, listener } of [...this.listeners]) if (method === message.method) listener(message.params ?? {});
  }
}

/**
 * A client of Node's inspector over its WebSocket (the protocol VS Code and Chrome DevTools
 * speak), with the worker threads' sessions that `NodeWorker` attaches to.
 */
export class InspectorClient {
  readonly main: InspectorSession;
  private readonly workers = new Map<string, Session>();

  private constructor(private readonly socket: WebSocket) {
    const main = new Session((message) => socket.send(message));
    this.main = main;
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString()) as Message;
      if (message.method === 'NodeWorker.receivedMessageFromWorker') {
        const { sessionId, message: inner } = message.params as { sessionId: string; message: string };
        this.workers.get(sessionId)?.receive(JSON.parse(inner) as Message);
      }
      main.receive(message);
    });
  }

  static async connect(url: string): Promise<InspectorClient> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new InspectorClient(socket);
  }

  /** The session of a worker `NodeWorker.attachedToWorker` announced. */
  worker(sessionId: string): InspectorSession {
    let session = this.workers.get(sessionId);
    if (!session) {
      session = new Session((message) => void this.main.call('NodeWorker.sendMessageToWorker', { sessionId, message }));
      this.workers.set(sessionId, session);
    }
    return session;
  }

  close(): void {
    this.socket.close();
  }
}

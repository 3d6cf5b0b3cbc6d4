import { PollerError } from '../errors';
import inspector from 'node:inspector';
import type { PollerLog } from '../log';

/** Node's own default, the port VS Code's and Chrome's attach look at first. */
export const DEFAULT_INSPECT_PORT = 9229;
const HOST = '127.0.0.1';

/** `--inspect`'s value: `port` or `127.0.0.1:port` (`localhost:port`); the inspector never listens beyond this machine. */
export function inspectPort(text: string): number {
  const match = /^(?:(?:127\.0\.0\.1|localhost):)?(\d{1,5})$/.exec(text);
  const port = match ? Number(match[1]) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new RangeError(`--inspect takes a port or 127.0.0.1:port (it listens on ${HOST} only), not '${text}'`);
  return port;
}

/**
 * Opens the inspector of this process, the poller's, on 127.0.0.1. The functions run in its
 * worker threads, which a debugger attached to it reaches (VS Code's attach and Chrome DevTools
 * list them); their bundles carry source maps, so breakpoints go in the TypeScript source.
 * Returns what closes it again (nothing, when it was open already, as under `node --inspect`).
 */
export function openInspector(port: number, log: PollerLog): () => void {
  const open = inspector.url();
  if (open) {
    log.info('inspector', { url: open, note: 'already open' });
    return () => undefined;
  }
  inspector.open(port, HOST);
  const url = inspector.url();
  // Node prints why (a taken port) and carries on without one: the user asked for it, so this stops.
  if (!url) throw new PollerError(`the inspector could not listen on ${HOST}:${port} (is the port taken? --inspect=<port> picks another)`);
  log.info('inspector', { url, attach: `${HOST}:${new URL(url).port}`, note: 'the functions run in worker threads of this process' });
  return () => inspector.close();
}

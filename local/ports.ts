import net from 'node:net';

/** True when a server could listen on the port: nothing else holds it, on `host` or on every address. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The ports of `ports` that something else holds on 127.0.0.1. */
export async function takenPorts(ports: number[]): Promise<number[]> {
  const free = await Promise.all(ports.map((port) => portIsFree(port)));
  return ports.filter((_, index) => !free[index]);
}

import { portIsFree } from '../../local/ports';

/**
 * The first of `preferred`, `preferred + step`, ... whose every port in `ports` (offsets from it)
 * is free on 127.0.0.1: other people's services share this machine, and a server started on a
 * taken port would find theirs answering in its place.
 */
export async function freePorts(preferred: number, offsets: number[], step = 10, attempts = 20): Promise<number[]> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const ports = offsets.map((offset) => preferred + attempt * step + offset);
    if ((await Promise.all(ports.map((port) => portIsFree(port)))).every(Boolean)) return ports;
  }
  throw new Error(`no free ports near ${preferred} on 127.0.0.1 after ${attempts} attempts`);
}

import { spawnSync } from 'node:child_process';
import { isAlive } from '../../local/process';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  args: string;
}

function processTable(): ProcessEntry[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  if (ps.status !== 0) throw new Error(`ps failed: ${ps.stderr}`);
  return ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args! }));
}

/** `pid` and every process below it, as `ps` sees them now (detached children included: they keep their parent). */
export function processTree(pid: number): ProcessEntry[] {
  const table = processTable();
  const tree = table.filter((entry) => entry.pid === pid);
  for (let index = 0; index < tree.length; index += 1) {
    tree.push(...table.filter((entry) => entry.ppid === tree[index]!.pid));
  }
  return tree;
}

/** Those of `entries` still running with the same command line (a pid the OS reused for something else does not count). */
export function stillRunning(entries: ProcessEntry[]): ProcessEntry[] {
  const table = new Map(processTable().map((entry) => [entry.pid, entry.args]));
  return entries.filter((entry) => isAlive(entry.pid) && table.get(entry.pid) === entry.args);
}

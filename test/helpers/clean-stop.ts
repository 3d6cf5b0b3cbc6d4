import type { Admin } from 'kafkajs';
import { portIsFree } from '../../local/ports';
import type { RecordCoordinates } from '../fixtures/poller-service/behaviour';
import { committedOffsets } from './consumer-group';
import { stillRunning, type ProcessEntry } from './process-tree';
import { waitUntil } from './wait';

export interface StoppedRun {
  admin: Admin;
  groupId: string;
  topic: string;
  /** Every record the run's function was given. */
  processed: RecordCoordinates[];
  /** Every process the run started, as found while it ran. */
  started: ProcessEntry[];
  ports: number[];
}

/** What a clean stop leaves, read right after it: the group, the commits, the processes, the ports. */
export interface StopOutcome {
  group: { state: string | undefined; members: number | undefined };
  /** Partitions whose last processed record is not committed: `<p>: committed X, processed up to Y`. */
  uncommitted: string[];
  left: ProcessEntry[];
  takenPorts: number[];
}

/**
 * Waits (up to `timeoutMs`) until every process of the run has exited, then reads at once what it
 * left: a clean stop leaves the group empty, every record the handler was given committed,
 * nothing running, its ports free.
 */
export async function stopOutcome(run: StoppedRun, timeoutMs = 30_000): Promise<StopOutcome> {
  await waitUntil('every process of the run has exited', () => stillRunning(run.started).length === 0, timeoutMs).catch(() => undefined);
  const left = stillRunning(run.started);
  const { groups } = await run.admin.describeGroups([run.groupId]);
  const committed = await committedOffsets(run.admin, run.groupId, run.topic);
  const processed: number[] = [];
  for (const record of run.processed) processed[record.partition] = Math.max(processed[record.partition] ?? -1, record.offset);
  const uncommitted = processed.flatMap((last, partition) =>
    (committed[partition] ?? -1) >= last + 1 ? [] : [`${partition}: committed ${committed[partition] ?? -1}, processed up to ${last}`],
  );
  const takenPorts: number[] = [];
  for (const port of run.ports) if (!(await portIsFree(port))) takenPorts.push(port);
  return { group: { state: groups[0]?.state, members: groups[0]?.members.length }, uncommitted, left, takenPorts };
}

/** The outcome a clean stop has. */
export const CLEAN_STOP: StopOutcome = { group: { state: 'Empty', members: 0 }, uncommitted: [], left: [], takenPorts: [] };

/**
 * A second key press to a process group that may have finished its stop already (a stop with
 * nothing in flight can be over before a person presses again): the group being gone is fine.
 */
export function signalGroupAgain(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

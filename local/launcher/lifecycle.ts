import { composeRemove } from './docker-compose';
import { isOurs, stopOurs, type OwnedProcess } from './java-process';
import type { Progress } from './progress';
import { StateFile, type Launched } from './state-file';

/** How long to wait for a service to serve, and what to do meanwhile. */
export interface WaitOptions {
  timeoutMs: number;
  /** Called about once a second while waiting, for progress output. */
  onWait?: (elapsedMs: number) => void;
  /** Names a reason to stop waiting early (a process died), or returns undefined. */
  failFast?: () => string | undefined;
}

/** What one launcher says about its service; `Launcher` does the rest the same way for every service. */
export interface LocalService<S extends Launched, O> {
  /** The JSON file where `up` records what it started under these options (their name picks the folder). */
  statePath(options: O): string;
  /** The one the environment names (KAFKA_BROKERS, DYNAMODB_ENDPOINT), once it answers: used, never started or stopped. */
  external(options: O, progress: Progress): Promise<S | undefined>;
  /** Throws when the running `state` cannot serve as what `options` ask for. */
  checkReuse?(state: S, options: O): void;
  /** Starts it (on Docker Compose or Java) and resolves once it serves. */
  start(options: O, progress: Progress): Promise<S>;
  /** Its services in docker-compose.yml, which `down` removes when it runs on Docker. */
  composeServices: readonly string[];
  /** The Java processes of `state`, which `down` stops when it runs on Java. */
  javaProcesses(state: S): OwnedProcess[];
  /** How long a Java process has to stop after SIGTERM before it gets SIGKILL. */
  stopGraceMs: number;
}

/**
 * Up, down and status of one local service: `up` reuses what runs or starts it and records it,
 * `down` stops only what `up` recorded, `status` says whether that still runs.
 */
export class Launcher<S extends Launched, O> {
  readonly #service: LocalService<S, O>;

  constructor(service: LocalService<S, O>) {
    this.#service = service;
  }

  /** The one `up` started under these options, if it is still running. */
  status(options: O): S | undefined {
    const state = this.#stateFile(options).read();
    if (!state) return undefined;
    return state.runtime !== 'java' || this.#service.javaProcesses(state).some(isOurs) ? state : undefined;
  }

  /** The service running: the external one, the one a previous `up` left running, or one started now and recorded. */
  async up(options: O, progress: Progress): Promise<{ state: S; startedHere: boolean }> {
    let found = await this.#service.external(options, progress);
    if (!found) {
      found = this.status(options);
      if (found) this.#service.checkReuse?.(found, options);
    }
    if (found) return { state: found, startedHere: false };
    const state = await this.#service.start(options, progress);
    this.record(options, state);
    return { state, startedHere: true };
  }

  /** Stops what `up` recorded under these options, and nothing else; resolves with it, or undefined when there was none. */
  async down(options: O, progress: Progress): Promise<S | undefined> {
    const file = this.#stateFile(options);
    const state = file.read();
    if (!state) return undefined;
    if (state.runtime === 'docker') await composeRemove(this.#service.composeServices, progress);
    if (state.runtime === 'java') await stopOurs(this.#service.javaProcesses(state), this.#service.stopGraceMs);
    file.clear(state);
    return state;
  }

  /** Records `state` as what runs under these options, so `down` stops it (a node started again, say). */
  record(options: O, state: S): void {
    this.#stateFile(options).write(state);
  }

  #stateFile(options: O): StateFile<S> {
    return new StateFile(this.#service.statePath(options));
  }
}

/** `WaitOptions.onWait` that says each second what is awaited: "  waiting for brokers... 3s". */
export function reportWaiting(progress: Progress, what: string): (elapsedMs: number) => void {
  return (elapsed) => progress(`  waiting for ${what}... ${Math.round(elapsed / 1000)}s`);
}

/** Resolves once `ready` does; what never got ready is stopped first, so a failed `up` leaves nothing running. */
export async function readyOrStop(ready: Promise<void>, stop: () => Promise<void>): Promise<void> {
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** How a local service runs: named by the environment and left alone, or started by `up`. */
export type Runtime = 'external' | 'docker' | 'java';

/** What every launcher records of the service `up` started. */
export interface Launched {
  runtime: Runtime;
  startedAt: string;
}

/** The JSON record of what `up` started, so `down` stops exactly that and `status` finds it. */
export class StateFile<S extends Launched> {
  constructor(readonly file: string) {}

  read(): S | undefined {
    return fs.existsSync(this.file) ? (JSON.parse(fs.readFileSync(this.file, 'utf8')) as S) : undefined;
  }

  /** Written whole under a name of its own and renamed into place: `read()` elsewhere finds the old state or the new, never half of one. */
  write(state: S): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.${randomUUID()}`;
    fs.writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
    fs.renameSync(partial, this.file);
  }

  /** Forgets `state`, unless an `up` elsewhere (a second test run) has recorded a newer one meanwhile. */
  clear(state: S): void {
    if (this.read()?.startedAt === state.startedAt) fs.rmSync(this.file);
  }
}

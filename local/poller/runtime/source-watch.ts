import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Changes within this long are one change: an editor's save is several file system events. */
const DEBOUNCE_MS = 100;

/**
 * Watches a function's source files. It watches their folders, filtered by file name, rather
 * than the files: editors save by writing another file and renaming it over the old one, which
 * a watch on the file itself loses. `onChange` gets the files changed since the last call; a
 * file written again as it was (serverless-esbuild rebuilds every function when one changes) is
 * not a change.
 */
export class SourceWatch {
  private readonly folders = new Map<string, { watcher: fs.FSWatcher; names: Set<string> }>();
  private readonly changed = new Set<string>();
  /** What each file held when it was first watched or last seen changed. */
  private readonly contents = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly onChange: (files: string[]) => void) {}

  /** Adds `files` to what is watched (files once watched stay watched: a broken save must still be seen fixed). */
  watch(files: readonly string[]): void {
    for (const file of files) {
      const folder = path.dirname(file);
      let entry = this.folders.get(folder);
      if (!entry) {
        let watcher: fs.FSWatcher;
        try {
          watcher = fs.watch(folder, (_event, name) => name && this.seen(folder, name.toString()));
        } catch {
          continue; // A folder that is gone has nothing left to change.
        }
        watcher.on('error', () => undefined);
        watcher.unref();
        entry = { watcher, names: new Set() };
        this.folders.set(folder, entry);
      }
      entry.names.add(path.basename(file));
      if (!this.contents.has(file)) this.contents.set(file, digestOf(file));
    }
  }

  private seen(folder: string, name: string): void {
    if (!this.folders.get(folder)?.names.has(name)) return;
    this.changed.add(path.join(folder, name));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const files = [...this.changed].filter((file) => this.rewritten(file));
      this.changed.clear();
      if (files.length > 0) this.onChange(files);
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  private rewritten(file: string): boolean {
    const digest = digestOf(file);
    const changed = this.contents.get(file) !== digest;
    this.contents.set(file, digest);
    return changed;
  }

  close(): void {
    clearTimeout(this.timer);
    for (const { watcher } of this.folders.values()) watcher.close();
    this.folders.clear();
  }
}

function digestOf(file: string): string {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return 'gone';
  }
}

import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Every `serverless` command a test runs loads the plugin from local/poller/dist/, which
 * `npm install` builds: rebuild it first, so tests never run a stale build of edited sources.
 * The build rewrites only files that changed.
 */
export default function buildPlugin(): void {
  execFileSync(process.execPath, [path.join(__dirname, '..', 'local', 'poller', 'build.mjs')], { stdio: 'inherit' });
}

import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../local/config';
import { uniqueName } from './kafka';

/**
 * A serverless-esbuild work folder (serverless.yml `custom.esbuild.outputWorkFolder`) for one
 * test's serverless commands: tests run them side by side, and beside a developer's `npm start`,
 * and a shared `.esbuild` would have one rebuild the bundles another is running.
 */
export function ownEsbuildWorkFolder(prefix: string): { env: { ESBUILD_WORK_FOLDER: string }; remove(): void } {
  const folder = `.esbuild-${uniqueName(prefix)}`;
  return {
    env: { ESBUILD_WORK_FOLDER: folder },
    remove: () => fs.rmSync(path.join(PROJECT_ROOT, folder), { recursive: true, force: true }),
  };
}

import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** Where TypeScript is bundled to: one folder per user, outside the service. */
const BUILD_DIR = path.join(os.tmpdir(), `serverless-offline-kafka-${process.getuid?.() ?? 'user'}`);

/**
 * A file a worker thread can `require`: JavaScript as it is; TypeScript bundled by esbuild (the
 * packages it imports left external and required from where the source file is, as they would
 * be from the source; an inline source map, so stack traces name the TypeScript lines). No
 * TypeScript loader is needed at run time. Bundles of one source are identical, so pollers
 * running side by side may write the same one: each writes a file of its own and renames it
 * into place.
 */
export async function runnableFile(file: string): Promise<string> {
  if (!TYPESCRIPT.has(path.extname(file))) return file;
  const digest = createHash('sha256').update(file).digest('hex').slice(0, 12);
  const outfile = path.join(BUILD_DIR, digest, `${path.basename(file, path.extname(file))}.js`);
  const result = await build({
    entryPoints: [file],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node}`,
    sourcemap: 'inline',
    // `var` may redeclare the module wrapper's `require` parameter: packages resolve from the source's folder.
    banner: { js: `var require = require('node:module').createRequire(${JSON.stringify(file)});` },
    write: false,
    logLevel: 'silent',
  });
  await fs.mkdir(path.dirname(outfile), { recursive: true });
  const partial = `${outfile}.${process.pid}-${Date.now()}`;
  await fs.writeFile(partial, result.outputFiles[0]!.contents);
  await fs.rename(partial, outfile);
  return outfile;
}

// Builds the package's JavaScript into dist/: the plugin and library (index.js), and the file
// each function's worker thread runs (function-worker.js). The Serverless Framework require()s
// plugins, so the package ships CommonJS; its dependencies stay external, installed beside it.
// One exception to the package importing nothing from outside local/poller/: shared/kafka-connection/
// (MSK listeners and bootstrap, IAM tokens, the OAUTHBEARER login, SASL secrets), which the
// functions connect with too, so both log in one way. It reads no environment of the functions'
// and is inlined here; its npm dependencies are declared in package.json.
// Run by `npm pack` (prepack), the repository's `npm install` (prepare) and `npm start`.
// A file is replaced only when it changed, by a rename, so a `serverless` process starting
// meanwhile reads the old file or the new one, never half of one.
import { build } from 'esbuild';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const result = await build({
  entryPoints: { index: path.join(here, 'index.ts'), 'function-worker': path.join(here, 'runtime/function-worker.ts') },
  outdir: path.join(here, 'dist'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  write: false,
  logLevel: 'warning',
});

for (const file of result.outputFiles) {
  const current = await readFile(file.path).catch(() => undefined);
  if (current?.equals(file.contents)) continue;
  await mkdir(path.dirname(file.path), { recursive: true });
  const partial = `${file.path}.${process.pid}`;
  await writeFile(partial, file.contents);
  await rename(partial, file.path);
}

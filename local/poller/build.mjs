// Builds the package's JavaScript into dist/: the plugin and library (index.js), the file
// each function's worker thread runs (function-worker.js), and the console page (dist/console/:
// its HTML, and its script and styles with uPlot bundled in, so it works with no network). The Serverless Framework require()s
// plugins, so the package ships CommonJS; its dependencies stay external, installed beside it.
// One exception to the package importing nothing from outside local/poller/: shared/kafka-connection/
// (MSK listeners and bootstrap, IAM tokens, the OAUTHBEARER login, SASL secrets), which the
// functions connect with too, so both log in one way. It reads no environment of the functions'
// and is inlined here; its npm dependencies are declared in package.json. The other is
// local/cli/serverless-cli.ts, which runs `serverless print` for the repository's commands and for
// the poller's own loadServiceConfig alike.
// Run by `npm pack` (prepack), the repository's `npm install` (prepare) and `npm start`. With
// `--types` (prepack) it also writes the type declarations of the package's API (dist/types/,
// from index.ts down), so a service's TypeScript sees `PluginOptions` and the rest.
// A file is replaced only when it changed, by a rename, so a `serverless` process starting
// meanwhile reads the old file or the new one, never half of one.
import { build } from 'esbuild';
import { randomUUID } from 'node:crypto';
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
  target: 'node22',
  sourcemap: true,
  write: false,
  logLevel: 'warning',
});

const page = await build({
  entryPoints: { console: path.join(here, 'console/page/console.ts') },
  outdir: path.join(here, 'dist/console'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  write: false,
  logLevel: 'warning',
});
const html = { path: path.join(here, 'dist/console/index.html'), contents: await readFile(path.join(here, 'console/page/index.html')) };

if (process.argv.includes('--types')) await writeDeclarations();

/** tsc's declarations of index.ts and what it reaches, under dist/types/ as the repository lays them out. */
async function writeDeclarations() {
  const { default: ts } = await import('typescript');
  const root = path.resolve(here, '../..');
  const program = ts.createProgram([path.join(here, 'index.ts')], {
    declaration: true,
    emitDeclarationOnly: true,
    outDir: path.join(here, 'dist/types'),
    rootDir: root,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
  });
  const { diagnostics } = program.emit();
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' }));
}

for (const file of [...result.outputFiles, ...page.outputFiles, html]) {
  const current = await readFile(file.path).catch(() => undefined);
  if (current?.equals(file.contents)) continue;
  await mkdir(path.dirname(file.path), { recursive: true });
  const partial = `${file.path}.${randomUUID()}`;
  await writeFile(partial, file.contents);
  await rename(partial, file.path);
}

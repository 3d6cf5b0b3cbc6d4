import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildFailure, type Metafile } from 'esbuild';
import { LambdaRuntimeError } from '../errors';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);

/** Where TypeScript is bundled to: one folder per user, outside the service. */
const BUILD_DIR = path.join(os.tmpdir(), `serverless-offline-kafka-${process.getuid?.() ?? 'user'}`);

export interface RunnableFile {
  /** What a worker thread `require`s. */
  file: string;
  /** The service's own files it was made from (absolute paths): a change to any of them changes the function. */
  inputs: string[];
}

/** A handler esbuild could not bundle: its first error, as Lambda names a handler that does not load. */
export class HandlerBuildError extends LambdaRuntimeError {
  constructor(errorType: 'Runtime.UserCodeSyntaxError' | 'Runtime.ImportModuleError', message: string, options?: ErrorOptions) {
    super(errorType, message, options);
    this.name = 'HandlerBuildError';
  }
}

function localInputs(metafile: Metafile, file: string): string[] {
  // Inputs are relative to esbuild's working directory; virtual ones (`<define:...>`) have a namespace prefix.
  const inputs = Object.keys(metafile.inputs)
    .filter((input) => !/^(<|\(|[a-z-]+:)/i.test(input))
    .map((input) => path.resolve(input));
  return [...new Set([file, ...inputs])];
}

function buildError(error: unknown): Error {
  const first = (error as Partial<BuildFailure>).errors?.[0];
  if (!first) return error as Error;
  const where = first.location ? `${first.location.file}:${first.location.line}:${first.location.column}: ` : '';
  return new HandlerBuildError(first.text.startsWith('Could not resolve') ? 'Runtime.ImportModuleError' : 'Runtime.UserCodeSyntaxError', `${where}${first.text}`);
}

/**
 * Where a TypeScript handler's bundle is written: `serverless-offline-kafka-<uid>/<digest of its
 * path>/<name>.js` in the temporary folder, the same on every run, so a debugger told to look
 * there (VS Code's `outFiles`) binds breakpoints before the code runs.
 */
export function bundleFile(file: string): string {
  const digest = createHash('sha256').update(file).digest('hex').slice(0, 12);
  return path.join(BUILD_DIR, digest, `${path.basename(file, path.extname(file))}.js`);
}

/**
 * A file a worker thread can `require`: JavaScript as it is; TypeScript bundled by esbuild (the
 * packages it imports, statically or with `import()`, left external and required from where the
 * source file is, as they would be from the source; an inline source map, so stack traces and
 * debuggers name the TypeScript lines). No TypeScript loader is needed at run time. Bundles of one source are identical, so
 * pollers running side by side (and the functions of one poller, which share the worker's) may
 * write the same one at once: each writes a file of its own, named by a random UUID, and renames
 * it into place, so a reader finds the old bundle or the new one, never half of one. The local files it imports are reported too, so the function can be reloaded
 * when one changes; for JavaScript esbuild only reads them.
 */
export async function runnableFile(file: string): Promise<RunnableFile> {
  if (!TYPESCRIPT.has(path.extname(file))) return { file, inputs: await javaScriptInputs(file) };
  const outfile = bundleFile(file);
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
    // import() of a package, kept as is, would resolve from the bundle's folder and find nothing:
    // written as that `require`, it resolves from the source's folder as the static imports do.
    supported: { 'dynamic-import': false },
    write: false,
    metafile: true,
    logLevel: 'silent',
  }).catch((error: unknown) => {
    throw buildError(error);
  });
  await fs.mkdir(path.dirname(outfile), { recursive: true });
  const partial = `${outfile}.${randomUUID()}`;
  try {
    await fs.writeFile(partial, result.outputFiles[0]!.contents);
    await fs.rename(partial, outfile);
  } catch (error) {
    await fs.rm(partial, { force: true });
    throw error;
  }
  return { file: outfile, inputs: localInputs(result.metafile, file) };
}

/** The local files a JavaScript handler imports; just itself when esbuild cannot follow them (Node may still run it, and says why if not). */
async function javaScriptInputs(file: string): Promise<string[]> {
  try {
    const result = await build({ entryPoints: [file], bundle: true, packages: 'external', platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent' });
    return localInputs(result.metafile, file);
  } catch {
    return [file];
  }
}

import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';

export interface Bundle {
  file: string;
  bytes: number;
  /** The bytes of the bundle that come from each package, largest first. */
  packageBytes: [string, number][];
}

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1]! : '(project)';
}

/** The options of serverless.yml's `custom.esbuild` that shape a bundle's code, as esbuild takes them. */
const OUTPUT_OPTIONS = ['bundle', 'minify', 'sourcemap', 'target', 'platform', 'format', 'mainFields', 'conditions', 'supported', 'external', 'define', 'keepNames', 'treeShaking', 'legalComments'] as const;

/**
 * The esbuild options serverless-esbuild builds a function with, from `custom.esbuild` (the
 * service's one statement of them): its code-shaping options, with `exclude` made external as
 * serverless-esbuild makes it. Options about its own work (watch, folders, packaging) are left out.
 */
export function deployBuildOptions(customEsbuild: unknown): BuildOptions {
  const custom = (customEsbuild ?? {}) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const key of OUTPUT_OPTIONS) if (custom[key] !== undefined) options[key] = custom[key];
  const exclude = [custom.exclude ?? []].flat() as string[];
  options.external = [...((options.external as string[] | undefined) ?? []), ...exclude.filter((name) => name !== '*')];
  return options as BuildOptions;
}

/**
 * One function's deploy bundle, built as serverless-esbuild builds it (`deployBuildOptions`), with
 * the bytes each package adds to it.
 */
export async function buildBundle(entry: string, outdir: string, options: BuildOptions): Promise<Bundle> {
  const file = path.join(outdir, 'handler.js');
  const result = await build({ ...options, entryPoints: [entry], outfile: file, metafile: true, logLevel: 'warning' });
  const output = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('handler.js'))![1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return { file, bytes: output.bytes, packageBytes: [...byPackage].sort((a, b) => b[1] - a[1]) };
}

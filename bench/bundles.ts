import path from 'node:path';
import { build } from 'esbuild';

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

/**
 * One function's deploy bundle, built as serverless-esbuild builds it from serverless.yml's
 * `custom.esbuild`: bundled, minified, source map beside it, node24, the AWS SDK left to the runtime.
 */
export async function buildBundle(entry: string, outdir: string): Promise<Bundle> {
  const file = path.join(outdir, 'handler.js');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    minify: true,
    sourcemap: true,
    target: 'node24',
    platform: 'node',
    external: ['@aws-sdk/*'],
    metafile: true,
    logLevel: 'warning',
  });
  const output = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('handler.js'))![1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  return { file, bytes: output.bytes, packageBytes: [...byPackage].sort((a, b) => b[1] - a[1]) };
}

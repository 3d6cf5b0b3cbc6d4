import { spawn } from 'node:child_process';

const SERVERLESS_CLI = 'serverless/bin/serverless.js';

/**
 * The Serverless Framework's CLI the service in `serviceDir` installs, which is the one that
 * deploys it; this package's own when the service has none.
 */
export function serverlessBin(serviceDir: string): string {
  try {
    return require.resolve(SERVERLESS_CLI, { paths: [serviceDir] });
  } catch {
    return require.resolve(SERVERLESS_CLI);
  }
}

export class ServerlessPrintError extends Error {
  constructor(
    readonly exitCode: number | null,
    /** What the Framework wrote: its error (a schema violation, say) on stdout, its banner on stderr. */
    readonly output: string,
  ) {
    super(`\`serverless print\` failed (exit ${exitCode}):\n${output}`);
    this.name = 'ServerlessPrintError';
  }
}

export interface ServerlessPrintOptions {
  /** The service's folder: where the Framework runs. */
  serviceDir: string;
  /** The configuration file in it; the Framework's default (`serverless.yml`) when unset. */
  config?: string;
  stage?: string;
}

/**
 * The service's configuration with every `${...}` resolved by the Framework itself (`serverless
 * print`, about a second, offline), so what is read is what deploy reads.
 */
export function serverlessPrint(options: ServerlessPrintOptions): Promise<unknown> {
  const args = [serverlessBin(options.serviceDir), 'print', '--format', 'json'];
  if (options.config) args.push('--config', options.config);
  if (options.stage) args.push('--stage', options.stage);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.serviceDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const json = stdout.slice(stdout.indexOf('{'));
      if (code === 0 && json) {
        try {
          return resolve(JSON.parse(json));
        } catch {
          // reported below
        }
      }
      reject(new ServerlessPrintError(code, [stdout, stderr].map((text) => text.trim()).filter(Boolean).join('\n')));
    });
  });
}

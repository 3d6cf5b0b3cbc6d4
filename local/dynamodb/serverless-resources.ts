import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config';

const SERVERLESS_CLI = require.resolve('serverless/bin/serverless.js', { paths: [PROJECT_ROOT] });

/**
 * serverless.yml's `resources.Resources` for `stage`, with every `${...}` resolved by the Framework
 * itself (`serverless print`, about a second, offline): table names are built from `self:`,
 * `sls:stage` and could use any other source, which a resolver of our own would have to copy.
 */
export async function serverlessResources(stage: string): Promise<Record<string, unknown>> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(
      process.execPath,
      [SERVERLESS_CLI, 'print', '--format', 'json', '--stage', stage],
      { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 },
    ));
  } catch (error) {
    // osls prints its error on stdout and an environment footer on stderr.
    const { stdout: printed = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const output = `${printed}\n${stderr}`.trim() || (error as Error).message;
    throw new Error(`\`serverless print --stage ${stage}\` failed, so the tables of serverless.yml are unknown:\n${output}`, {
      cause: error,
    });
  }
  const service = JSON.parse(stdout) as { resources?: { Resources?: Record<string, unknown> } };
  return service.resources?.Resources ?? {};
}

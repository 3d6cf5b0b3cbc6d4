import { PROJECT_ROOT } from '../config';
import { serverlessPrint, ServerlessPrintError } from '../cli';

/**
 * serverless.yml's `resources.Resources` for `stage`, with every `${...}` resolved by the Framework
 * itself (`serverless print`, about a second, offline): table names are built from `self:`,
 * `sls:stage` and could use any other source, which a resolver of our own would have to copy.
 */
export async function serverlessResources(stage: string): Promise<Record<string, unknown>> {
  let service: { resources?: { Resources?: Record<string, unknown> } };
  try {
    service = (await serverlessPrint({ serviceDir: PROJECT_ROOT, stage })) as typeof service;
  } catch (error) {
    const output = error instanceof ServerlessPrintError ? error.output || error.message : (error as Error).message;
    throw new Error(`\`serverless print --stage ${stage}\` failed, so the tables of serverless.yml are unknown:\n${output}`, {
      cause: error,
    });
  }
  return service.resources?.Resources ?? {};
}

import fs from 'node:fs';
import path from 'node:path';
import { FUNCTION_DEFAULTS } from '../aws-limits';
import type { LambdaFunction } from '../runtime/function-runtime';
import { serverlessPrint, ServerlessPrintError } from './serverless-cli';

export interface ServiceConfig {
  service: string;
  stage: string;
  configPath: string;
  /** The functions with an `msk` or `kafka` event, by name. */
  functions: Map<string, LambdaFunction>;
  /** The whole resolved configuration, for the event source mapping settings. */
  printed: PrintedService;
}

export class ServiceConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceConfigError';
  }
}

interface PrintedFunction {
  handler?: string;
  environment?: Record<string, unknown>;
  timeout?: number;
  memorySize?: number;
  events?: Record<string, unknown>[];
}

export interface PrintedService {
  service: string | { name: string };
  provider: { stage?: string; region?: string; environment?: Record<string, unknown>; timeout?: number; memorySize?: number };
  functions?: Record<string, PrintedFunction>;
  custom?: Record<string, unknown>;
}

const HANDLER_EXTENSIONS = ['.ts', '.js', '.cjs', '.mts', '.mjs'];

/** Variables and all: the Framework itself resolves the file, so the poller reads what deploy reads. */
async function printService(configPath: string, stage: string | undefined): Promise<PrintedService> {
  try {
    return (await serverlessPrint({ serviceDir: path.dirname(configPath), config: path.basename(configPath), ...(stage && { stage }) })) as PrintedService;
  } catch (error) {
    if (!(error instanceof ServerlessPrintError)) throw error;
    throw new ServiceConfigError(`\`serverless print\` could not read ${configPath} (exit ${error.exitCode}):\n${error.output}`);
  }
}

function resolveHandler(configDir: string, functionName: string, handler: string | undefined): { file: string; exportName: string } {
  const match = handler ? /^(.+)\.([^./]+)$/.exec(handler) : null;
  if (!match) throw new ServiceConfigError(`function ${functionName}: handler "${handler}" is not "<path>.<export>"`);
  const base = path.resolve(configDir, match[1]!);
  const file = HANDLER_EXTENSIONS.map((extension) => base + extension).find((candidate) => fs.existsSync(candidate));
  if (!file) {
    throw new ServiceConfigError(`function ${functionName}: no handler file ${base}{${HANDLER_EXTENSIONS.join(',')}}`);
  }
  return { file, exportName: match[2]! };
}

/**
 * The environment variables of a `serverless print`ed block whose values are literals. Locally
 * only literal values can be set; CloudFormation references exist only on AWS.
 */
export function literalEnvironment(values: Record<string, unknown> | undefined): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') environment[name] = String(value);
  }
  return environment;
}

export async function loadServiceConfig(configFile: string, stage?: string): Promise<ServiceConfig> {
  const configPath = path.resolve(configFile);
  if (!fs.existsSync(configPath)) throw new ServiceConfigError(`no such file: ${configPath}`);
  const printed = await printService(configPath, stage);
  const configDir = path.dirname(configPath);
  const provider = printed.provider;
  const functions = new Map<string, LambdaFunction>();
  for (const [name, definition] of Object.entries(printed.functions ?? {})) {
    if (!(definition.events ?? []).some((event) => event.msk || event.kafka)) continue;
    const { file, exportName } = resolveHandler(configDir, name, definition.handler);
    functions.set(name, {
      name,
      handlerFile: file,
      exportName,
      environment: { ...literalEnvironment(provider.environment), ...literalEnvironment(definition.environment) },
      timeoutSeconds: definition.timeout ?? provider.timeout ?? FUNCTION_DEFAULTS.timeoutSeconds,
      memorySize: definition.memorySize ?? provider.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      region: provider.region ?? FUNCTION_DEFAULTS.region,
    });
  }
  return {
    service: typeof printed.service === 'string' ? printed.service : printed.service.name,
    stage: provider.stage ?? stage ?? 'dev',
    configPath,
    functions,
    printed,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { FUNCTION_DEFAULTS } from '../aws-limits';
import type { LambdaFunction } from '../runtime/function-runtime';
import { serverlessPrint, ServerlessPrintError } from '../../cli';
import { PollerError } from '../errors';

export interface ServiceConfig {
  service: string;
  stage: string;
  configPath: string;
  /** The functions with an `msk` or `kafka` event, by name. */
  functions: Map<string, LambdaFunction>;
  /** The whole resolved configuration, for the event source mapping settings. */
  printed: PrintedService;
}

export class ServiceConfigError extends PollerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ServiceConfigError';
  }
}

interface PrintedFunction {
  handler?: string;
  runtime?: string;
  environment?: Record<string, unknown>;
  timeout?: number;
  memorySize?: number;
  events?: Record<string, unknown>[];
}

export interface PrintedService {
  service: string | { name: string };
  provider: { stage?: string; region?: string; runtime?: string; environment?: Record<string, unknown>; timeout?: number; memorySize?: number };
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

/** The first of `dirs` that holds the handler's file: the build folder serverless-offline runs from, then the service's own. */
function resolveHandler(dirs: readonly string[], functionName: string, handler: string | undefined): { file: string; exportName: string } {
  const match = handler ? /^(.+)\.([^./]+)$/.exec(handler) : null;
  if (!match) throw new ServiceConfigError(`function ${functionName}: handler "${handler}" is not "<path>.<export>"`);
  const bases = dirs.map((dir) => path.resolve(dir, match[1]!));
  const file = bases.flatMap((base) => HANDLER_EXTENSIONS.map((extension) => base + extension)).find((candidate) => fs.existsSync(candidate));
  if (!file) {
    throw new ServiceConfigError(`function ${functionName}: no handler file ${bases.at(-1)}{${HANDLER_EXTENSIONS.join(',')}}`);
  }
  return { file, exportName: match[2]! };
}

/** The region and account of an `msk` event's cluster ARN (`arn:aws:kafka:<region>:<account>:cluster/...`). */
function clusterArnParts(events: Record<string, unknown>[] | undefined): { region?: string; accountId?: string } {
  for (const event of events ?? []) {
    const arn = (event.msk as { arn?: unknown } | undefined)?.arn;
    const match = typeof arn === 'string' ? /^arn:[^:]+:kafka:([^:]*):(\d{12}):/.exec(arn) : null;
    if (match) return { ...(match[1] && { region: match[1] }), accountId: match[2]! };
  }
  return {};
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

export interface ServiceConfigOptions {
  /** The service's folder: handler paths are relative to it. */
  serviceDir: string;
  /** Folders tried before it, such as the one serverless-esbuild bundles the handlers into. */
  handlerDirs?: string[];
  /** The serverless.yml read, for messages. */
  configPath: string;
  stage?: string;
  /** The account in function ARNs when no `msk` cluster ARN names one. */
  accountId?: string;
}

/**
 * The Kafka-triggered functions of a resolved configuration: the Serverless Framework's own
 * `serverless.service` inside a plugin, or `serverless print`'s output. The region is the
 * provider's, else the `msk` cluster's; the account is the cluster's, else `accountId`.
 */
export function serviceConfigFrom(printed: PrintedService, options: ServiceConfigOptions): ServiceConfig {
  const provider = printed.provider;
  const handlerDirs = [...(options.handlerDirs ?? []), options.serviceDir];
  const functions = new Map<string, LambdaFunction>();
  for (const [name, definition] of Object.entries(printed.functions ?? {})) {
    if (!(definition.events ?? []).some((event) => event.msk || event.kafka)) continue;
    const { file, exportName } = resolveHandler(handlerDirs, name, definition.handler);
    const cluster = clusterArnParts(definition.events);
    const accountId = cluster.accountId ?? options.accountId;
    functions.set(name, {
      name,
      handlerFile: file,
      exportName,
      environment: { ...literalEnvironment(provider.environment), ...literalEnvironment(definition.environment) },
      timeoutSeconds: definition.timeout ?? provider.timeout ?? FUNCTION_DEFAULTS.timeoutSeconds,
      memorySize: definition.memorySize ?? provider.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      region: provider.region ?? cluster.region ?? FUNCTION_DEFAULTS.region,
      ...((definition.runtime ?? provider.runtime) && { runtime: (definition.runtime ?? provider.runtime)! }),
      ...(accountId !== undefined && { accountId }),
    });
  }
  return {
    service: typeof printed.service === 'string' ? printed.service : printed.service.name,
    stage: provider.stage ?? options.stage ?? 'dev',
    configPath: options.configPath,
    functions,
    printed,
  };
}

/** `npm run poller`: the file as deploy reads it, through `serverless print`. */
export async function loadServiceConfig(configFile: string, stage?: string): Promise<ServiceConfig> {
  const configPath = path.resolve(configFile);
  if (!fs.existsSync(configPath)) throw new ServiceConfigError(`no such file: ${configPath}`);
  const printed = await printService(configPath, stage);
  return serviceConfigFrom(printed, { serviceDir: path.dirname(configPath), configPath, ...(stage && { stage }) });
}

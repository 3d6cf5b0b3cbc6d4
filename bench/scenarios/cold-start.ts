import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fs from 'node:fs';
import path from 'node:path';
import { LOCAL_STAGE, LOCAL_STATE_DIR, PROJECT_ROOT } from '../../local/config';
import { literalEnvironment, loadServiceConfig } from '../../local/poller/index';
import { buildBundle, deployBuildOptions } from '../bundles';
import { REPORT_PREFIX, runBounded } from '../child-process';
import type { BenchContext } from '../context';

const BUNDLES_DIR = path.join(LOCAL_STATE_DIR, 'bench', 'bundles');
const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const COLD_START_TIMEOUT_MS = 30_000;

/**
 * Runs in a fresh `node`: reads the event (untimed), then times `require` of the bundle and its
 * first invocation, as Lambda's init and first invoke (only the `require` for a bundle without a
 * handler). Plain JavaScript, so no TypeScript loader is in the process being timed.
 */
const RUNNER = `
const [bundle, eventFile] = process.argv.slice(1);
const event = eventFile && JSON.parse(require('node:fs').readFileSync(eventFile, 'utf8'));
const context = { awsRequestId: 'bench-cold-start', functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, getRemainingTimeInMillis: () => 10000 };
const started = performance.now();
const { handler } = require(bundle);
const imported = performance.now();
Promise.resolve(handler && handler(event, context)).then((response) => {
  const invoked = performance.now();
  process.stdout.write(${JSON.stringify(REPORT_PREFIX)} + JSON.stringify({ importMs: imported - started, invokeMs: invoked - imported, statusCode: response && response.statusCode }) + '\\n');
  process.exit(0);
}, (error) => {
  console.error(error && error.stack || String(error));
  process.exit(1);
});`;

interface ColdStart {
  importMs: number;
  invokeMs: number;
  statusCode?: number;
}

/** The HTTP API v2 event of GET /api/v1/notifications, made from the POST fixture. */
function listEvent(): APIGatewayProxyEventV2 {
  const post = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'http', 'single-message.json'), 'utf8')) as APIGatewayProxyEventV2;
  const route = 'GET /api/v1/notifications';
  return {
    ...post,
    routeKey: route,
    rawPath: '/api/v1/notifications',
    rawQueryString: 'limit=20',
    queryStringParameters: { limit: '20' },
    body: undefined,
    requestContext: { ...post.requestContext, routeKey: route, http: { ...post.requestContext.http, method: 'GET', path: '/api/v1/notifications' } },
  };
}

/** The fixture event each function's first invocation gets, written where the runner reads it. */
function eventFiles(dir: string): Record<string, string> {
  const listFile = path.join(dir, 'list-notifications.json');
  fs.writeFileSync(listFile, JSON.stringify(listEvent()));
  return {
    createMessage: path.join(FIXTURES, 'http', 'single-message.json'),
    processNotifications: path.join(FIXTURES, 'msk', 'three-partitions.json'),
    listNotifications: listFile,
  };
}

async function coldStartOnce(bundle: string, eventFile: string | undefined, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  const result = await runBounded(process.execPath, ['-e', RUNNER, bundle, ...(eventFile ? [eventFile] : [])], COLD_START_TIMEOUT_MS, env);
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith(REPORT_PREFIX));
  if (result.code !== 0 || !line) throw new Error(`cold start of ${bundle} failed (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-2_000)}`);
  return JSON.parse(line.slice(REPORT_PREFIX.length)) as ColdStart;
}

/**
 * Scenario 4: each function's minified bundle, and the time a fresh Node process takes to load
 * it and run its first invocation on a fixture event, with Kafka and DynamoDB Local up (so the
 * first invocation connects and does its work, as a cold Lambda's does). The environment is the
 * function's, from serverless.yml on stage local, including NODE_OPTIONS=--enable-source-maps.
 */
export async function coldStart(context: BenchContext): Promise<void> {
  const { plan, brokers, figures, progress } = context;
  process.env.KAFKA_BROKERS = brokers.join(',');
  process.env.DYNAMODB_ENDPOINT = await context.services.dynamodbEndpoint();
  const service = await loadServiceConfig(path.join(PROJECT_ROOT, 'serverless.yml'), LOCAL_STAGE);
  const provider = service.printed.provider;
  const buildOptions = deployBuildOptions(service.printed.custom?.esbuild);
  fs.rmSync(BUNDLES_DIR, { recursive: true, force: true });
  fs.mkdirSync(BUNDLES_DIR, { recursive: true });
  try {
    const events = eventFiles(BUNDLES_DIR);
    const functions = [];
    for (const [name, definition] of Object.entries(service.printed.functions ?? {})) {
      const eventFile = events[name];
      if (!eventFile) throw new Error(`no fixture event for function ${name}: add one to bench/scenarios/cold-start.ts`);
      const entry = path.join(PROJECT_ROOT, `${definition.handler!.replace(/\.[^./]+$/, '')}.ts`);
      const bundle = await buildBundle(entry, path.join(BUNDLES_DIR, name), buildOptions);
      figures.add(`bundle_bytes_${name}`, bundle.bytes);
      const top = bundle.packageBytes.slice(0, 4).map(([pkg, bytes]) => `${pkg} ${Math.round(bytes / 1024)} KiB`);
      progress(`cold start: ${name} bundle ${Math.round(bundle.bytes / 1024)} KiB (${top.join(', ')})`);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        AWS_REGION: provider.region ?? 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: `${service.service}-${service.stage}-${name}`,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memorySize ?? provider.memorySize ?? 1024),
        ...literalEnvironment(provider.environment),
        ...literalEnvironment(definition.environment),
      };
      functions.push({ name, bundle: bundle.file, eventFile, env });
    }
    // The scale of a cold start: importing all of (classic) zod, bundled and minified the same way.
    const zodEntry = path.join(BUNDLES_DIR, 'zod-entry.js');
    fs.writeFileSync(zodEntry, "module.exports = require('zod');\n");
    const zod = await buildBundle(zodEntry, path.join(BUNDLES_DIR, 'zod'), buildOptions);
    const zodEnv = { PATH: process.env.PATH, NODE_OPTIONS: functions[0]?.env.NODE_OPTIONS ?? '' };

    for (let start = 1; start <= plan.coldStarts; start += 1) {
      const zodImportMs = (await coldStartOnce(zod.file, undefined, zodEnv)).importMs;
      figures.add('cold_import_ms_zod', zodImportMs);
      for (const fn of functions) {
        const cold = await coldStartOnce(fn.bundle, fn.eventFile, fn.env);
        figures.add(`cold_init_ms_${fn.name}`, cold.importMs + cold.invokeMs);
        figures.add(`cold_import_ms_${fn.name}`, cold.importMs);
        figures.add(`cold_init_vs_zod_${fn.name}`, (cold.importMs + cold.invokeMs) / zodImportMs);
        if (start === plan.coldStarts) {
          progress(`cold start: ${fn.name} import ${cold.importMs.toFixed(0)} ms + first invocation ${cold.invokeMs.toFixed(0)} ms (the last of ${start})`);
        }
      }
    }
  } finally {
    fs.rmSync(BUNDLES_DIR, { recursive: true, force: true });
  }
}

import { parseBrokerList } from '../../../shared/kafka-connection';
import { readAuthOverride, type AuthOverride } from '../connection';
import { isPlainObject } from '../settings/checks';
import { DEFAULT_BROKERS, DEFAULT_STATUS_PORT } from '../service/cli-defaults';
import { LOCAL_ACCOUNT_ID } from '../runtime/protocol';
import { DEFAULT_INSPECT_PORT } from '../service/inspector';
import { PollerError } from '../errors';

/** The package's name: it is listed under `plugins:` by it and configured under `custom.<name>`. */
export const PLUGIN_NAME = 'serverless-offline-kafka';

/** `custom.serverless-offline-kafka`, checked once, with its defaults filled in. */
export interface PluginOptions {
  /** false: offline runs without polling (a way to switch it off per run, through a variable). */
  enabled: boolean;
  brokers: string[];
  /** 0: no status server. */
  statusPort: number;
  /** Kafka-triggered functions not to poll for. */
  exclude: string[];
  /** 0: no offset lag lines. */
  lagIntervalSeconds: number;
  /** The first retry's backoff; the poller's own default (AWS's 500 ms) when unset. */
  retryBaseMs?: number;
  /** The account in function ARNs when no `msk` cluster ARN names one (`kafka` events never do). */
  accountId: string;
  /** Reload a function when its source changes (serverless-esbuild's rebuild, under offline). */
  reload: boolean;
  /** Open the inspector on 127.0.0.1 at this port, to debug the functions; unset: closed. */
  inspectPort?: number;
  /** Topics the console shows as dead-letter topics, beside the mappings' on-failure destinations. */
  deadLetterTopics: string[];
  /** How the mappings log in: `none` (the open local broker), `event` (as deployed) or a mechanism, with `authSecret`. */
  auth: AuthOverride;
  /** `msk` events connect to their cluster's brokers from GetBootstrapBrokers. */
  mskBootstrap: boolean;
}

export const OPTION_DEFAULTS = { statusPort: DEFAULT_STATUS_PORT, lagIntervalSeconds: 30, accountId: LOCAL_ACCOUNT_ID };

const KEYS = ['enabled', 'brokers', 'statusPort', 'exclude', 'lagIntervalSeconds', 'retryBaseMs', 'accountId', 'reload', 'inspect', 'deadLetterTopics', 'auth', 'authSecret', 'mskBootstrap'] as const;

export class PluginOptionsError extends PollerError {
  constructor(
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} invalid options:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`, options);
    this.name = 'PluginOptionsError';
  }
}

export interface OptionsContext {
  /** `KAFKA_BROKERS` gives the brokers when the option does not. */
  env: NodeJS.ProcessEnv;
  /** The service's functions with an `msk` or `kafka` event: `exclude` names only those. */
  kafkaFunctions: readonly string[];
}

/**
 * Reads `custom.serverless-offline-kafka`. Every problem is named by its option's path and what
 * was found, all at once; an unknown key is one (a typo fails loudly instead of being ignored).
 */
export function readPluginOptions(block: unknown, context: OptionsContext): PluginOptions {
  const base = `custom.${PLUGIN_NAME}`;
  const problems: string[] = [];
  const fail = (key: string, message: string, value: unknown): undefined => {
    problems.push(`${base}.${key}: ${message}, not ${JSON.stringify(value)}`);
    return undefined;
  };
  if (block !== undefined && block !== null && !isPlainObject(block)) {
    throw new PluginOptionsError([`${base}: must be an object with any of ${KEYS.join(', ')}, not ${JSON.stringify(block)}`]);
  }
  const options: Record<string, unknown> = block ?? {};
  for (const key of Object.keys(options).filter((key) => !(KEYS as readonly string[]).includes(key))) {
    problems.push(`${base}.${key}: unknown option; ${PLUGIN_NAME} takes ${KEYS.join(', ')}`);
  }

  const enabled = readBoolean(options.enabled, (value) => fail('enabled', 'must be true or false', value));
  const brokers = readBrokers(options.brokers ?? (context.env.KAFKA_BROKERS || DEFAULT_BROKERS), (value) =>
    fail('brokers', 'must be host:port brokers, as a list or a comma-separated string', value),
  );
  const statusPort = wholeNumber(options.statusPort, 0, 65_535, OPTION_DEFAULTS.statusPort, (value) =>
    fail('statusPort', 'must be a port number 0..65535 (0 turns the status server off)', value),
  );
  const lagIntervalSeconds = wholeNumber(options.lagIntervalSeconds, 0, 86_400, OPTION_DEFAULTS.lagIntervalSeconds, (value) =>
    fail('lagIntervalSeconds', 'must be a whole number of seconds 0..86400 (0 turns the lag lines off)', value),
  );
  const retryBaseMs = wholeNumber(options.retryBaseMs, 1, 30_000, undefined, (value) =>
    fail('retryBaseMs', 'must be a whole number of milliseconds 1..30000', value),
  );
  const accountId = readAccountId(options.accountId, (value) => fail('accountId', 'must be a 12-digit AWS account id', value));
  const reload = readBoolean(options.reload, (value) => fail('reload', 'must be true or false', value));
  const inspectPort = readInspect(options.inspect, (value) =>
    fail('inspect', `must be true (port ${DEFAULT_INSPECT_PORT}), false, or a port number 0..65535`, value),
  );
  const deadLetterTopics = readTopics(options.deadLetterTopics, (value) => fail('deadLetterTopics', 'must be a list of topic names', value));
  const exclude = readExclude(options.exclude, context.kafkaFunctions, problems, base);
  const auth = readAuthOverride(options.auth, options.authSecret);
  if ('problem' in auth) problems.push(`${base}.${auth.field}: ${auth.problem}`);
  const mskBootstrap = options.mskBootstrap === undefined ? false : readBoolean(options.mskBootstrap, (value) => fail('mskBootstrap', 'must be true or false', value));

  if (problems.length > 0) throw new PluginOptionsError(problems);
  return {
    enabled: enabled!,
    brokers: brokers!,
    statusPort: statusPort!,
    exclude,
    lagIntervalSeconds: lagIntervalSeconds!,
    ...(retryBaseMs !== undefined && { retryBaseMs }),
    accountId: accountId!,
    reload: reload!,
    ...(inspectPort !== undefined && { inspectPort }),
    deadLetterTopics: deadLetterTopics ?? [],
    auth: 'override' in auth ? auth.override : { choice: 'none' },
    mskBootstrap: mskBootstrap!,
  };
}

function readTopics(value: unknown, fail: (value: unknown) => undefined): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((topic) => typeof topic === 'string' && topic.length > 0)) return fail(value);
  return value as string[];
}

/** Booleans, or the text `${env:...}` and `--param` give. */
function readBoolean(value: unknown, fail: (value: unknown) => undefined): boolean | undefined {
  if (value === undefined || value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return fail(value);
}

function readBrokers(value: unknown, fail: (value: unknown) => undefined): string[] | undefined {
  return parseBrokerList(value) ?? fail(value);
}

/** Numbers, or the digits `${env:...}` gives as a string. */
function wholeNumber<T extends number | undefined>(value: unknown, min: number, max: number, fallback: T, fail: (value: unknown) => undefined): number | T | undefined {
  if (value === undefined) return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) return fail(value);
  return number;
}

/** true: the default port; a port; false or unset: no inspector. */
function readInspect(value: unknown, fail: (value: unknown) => undefined): number | undefined {
  if (value === undefined || value === false || value === 'false') return undefined;
  if (value === true || value === 'true') return DEFAULT_INSPECT_PORT;
  return wholeNumber(value, 0, 65_535, undefined, fail);
}

function readAccountId(value: unknown, fail: (value: unknown) => undefined): string | undefined {
  if (value === undefined) return OPTION_DEFAULTS.accountId;
  // YAML reads an unquoted 000000000000 as the number 0: pad it back.
  const text = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? String(value).padStart(12, '0') : value;
  if (typeof text !== 'string' || !/^\d{12}$/.test(text)) return fail(value);
  return text;
}

function readExclude(value: unknown, kafkaFunctions: readonly string[], problems: string[], base: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) {
    problems.push(`${base}.exclude: must be a list of function names, not ${JSON.stringify(value)}`);
    return [];
  }
  for (const name of value.filter((name) => !kafkaFunctions.includes(name))) {
    problems.push(`${base}.exclude: no function "${name}" with an msk or kafka event (those are: ${kafkaFunctions.join(', ') || 'none'})`);
  }
  return value as string[];
}

import { compileFilterCriteria, type RecordFilter } from '../filter/event-filter';
import { FilterPatternError } from '../errors';
import {
  BATCH_SIZE,
  BATCHING_WINDOW_SECONDS,
  CONSUMER_GROUP_ID,
  DEFAULT_BATCHING_WINDOW_MS,
  DEFAULT_STARTING_POSITION,
  DESTINATION,
  EVENT_SOURCE_ARN,
  POLLER_GROUP,
  PROVISIONED_MAXIMUM_POLLERS,
  PROVISIONED_MINIMUM_POLLERS,
  STARTING_POSITIONS,
  TOPIC,
} from '../aws-limits';
import type { StartingPosition } from '../aws-limits';
import { isPlainObject, SettingsReader } from './checks';
import type { MappingAuth, MappingLogin, SaslMechanism } from './mapping-login';

export type KafkaSource = 'msk' | 'kafka';

/** The keys the Serverless Framework's schema allows on each event (it sets `additionalProperties: false`). */
const EVENT_KEYS: Record<KafkaSource, readonly string[]> = {
  msk: ['arn', 'topic', 'batchSize', 'maximumBatchingWindow', 'enabled', 'startingPosition', 'startingPositionTimestamp', 'saslScram512', 'consumerGroupId', 'filterPatterns', 'provisionedPollerConfig'],
  kafka: ['accessConfigurations', 'bootstrapServers', 'topic', 'batchSize', 'maximumBatchingWindow', 'enabled', 'startingPosition', 'startingPositionTimestamp', 'onFailureDestination', 'consumerGroupId', 'filterPatterns', 'provisionedPollerConfig'],
};

/** The mapping settings the `msk` or `kafka` event sets, with AWS's defaults filled in. */
export interface EventSourceSettings {
  /** The MSK cluster ARN; `kafka` (self-managed) mappings have none. */
  eventSourceArn?: string;
  /** The `kafka` event's bootstrap servers, as configured. */
  bootstrapServers?: string[];
  topic: string;
  batchSize: number;
  batchingWindowMs: number;
  startingPosition: StartingPosition;
  startingPositionTimestampMs?: number;
  enabled: boolean;
  /** `Pattern` strings, as deployed. */
  filterPatterns: string[];
  /** The patterns compiled, checked once here and applied to every record. */
  filter: RecordFilter;
  /** How the deployed mapping logs in (`saslScram512`, or IAM, for `msk`; `accessConfigurations` for `kafka`). */
  auth: MappingAuth;
}

/** `ProvisionedPollerConfig` as the event sets it: AWS fills in 1 and 200 for what is left out. */
export interface ProvisionedPollers {
  minimumPollers?: number;
  maximumPollers?: number;
  /** Mappings of one VPC that share their pollers: up to 100, with `MaximumPollers` adding up to at most 2,000. */
  pollerGroupName?: string;
}

/** What the event says, including what is combined with `custom.eventSourceMappings` afterwards. */
export interface EventSettings extends EventSourceSettings {
  consumerGroupId?: string;
  /** `provisionedPollerConfig`, when set: provisioned mode, which some settings need on AWS. */
  provisionedPollers?: ProvisionedPollers;
  /** The keys the event itself sets (Queue mode refuses some of them when given). */
  givenKeys: string[];
  /** The `kafka` event's own `onFailureDestination`. */
  onFailureDestination?: string;
}

/**
 * Defaults are those of what Serverless deploys, not of the bare API: it writes
 * `StartingPosition: TRIM_HORIZON` when none is set, and leaves `MaximumBatchingWindowInSeconds`
 * out when it is 0, so AWS keeps its 500 ms window.
 */
export function readEventSettings(source: KafkaSource, event: SettingsReader): EventSettings {
  event.rejectUnknownKeys(EVENT_KEYS[source], `the Serverless \`${source}\` event`);

  const topic = event.text('topic', 'Topics', TOPIC);
  if (!event.has('topic')) event.fail('topic', 'is required: the topic the mapping reads');
  const eventSourceArn = source === 'msk' ? readClusterArn(event) : undefined;
  const bootstrapServers = source === 'kafka' ? readSelfManagedCluster(event) : undefined;
  const auth = source === 'msk' ? readMskAuth(event) : readSelfManagedAuth(event);

  const batchSize = event.wholeNumber('batchSize', 'BatchSize', BATCH_SIZE) ?? BATCH_SIZE.default;
  const windowSeconds = event.wholeNumber('maximumBatchingWindow', 'MaximumBatchingWindowInSeconds', BATCHING_WINDOW_SECONDS);
  const startingPosition = event.oneOf('startingPosition', 'StartingPosition', STARTING_POSITIONS) ?? DEFAULT_STARTING_POSITION;
  const startingPositionTimestampMs = readStartingTimestamp(event, startingPosition);
  const enabled = event.boolean('enabled', 'Enabled') ?? true;
  const consumerGroupId = event.text('consumerGroupId', 'ConsumerGroupId', CONSUMER_GROUP_ID);
  const { filterPatterns, filter } = readFilterPatterns(event);
  const provisionedPollers = readProvisionedPollers(event);
  const onFailureDestination = source === 'kafka' ? event.text('onFailureDestination', 'DestinationConfig.OnFailure.Destination', DESTINATION) : undefined;

  return {
    ...(eventSourceArn !== undefined && { eventSourceArn }),
    ...(bootstrapServers !== undefined && { bootstrapServers }),
    topic: topic ?? '',
    batchSize,
    batchingWindowMs: windowSeconds ? windowSeconds * 1000 : DEFAULT_BATCHING_WINDOW_MS,
    startingPosition,
    ...(startingPositionTimestampMs !== undefined && { startingPositionTimestampMs }),
    enabled,
    ...(consumerGroupId !== undefined && { consumerGroupId }),
    filterPatterns,
    filter,
    auth,
    ...(provisionedPollers !== undefined && { provisionedPollers }),
    givenKeys: EVENT_KEYS[source].filter((key) => event.has(key)),
    ...(onFailureDestination !== undefined && { onFailureDestination }),
  };
}

function readClusterArn(event: SettingsReader): string | undefined {
  const arn = event.raw('arn');
  if (arn === undefined) event.fail('arn', 'is required: the MSK cluster ARN');
  else if (typeof arn !== 'string') event.fail('arn', 'must be the cluster ARN as a string; CloudFormation functions cannot be resolved locally');
  else return event.text('arn', 'EventSourceArn', EVENT_SOURCE_ARN);
  return undefined;
}

function readSelfManagedCluster(event: SettingsReader): string[] | undefined {
  const access = event.raw('accessConfigurations');
  if (!isPlainObject(access) || Object.keys(access).length === 0) event.fail('accessConfigurations', 'is required: at least one access configuration (e.g. saslScram512Auth)');
  const servers = event.raw('bootstrapServers');
  if (Array.isArray(servers) && servers.length > 0 && servers.every((server) => typeof server === 'string' && server.length > 0)) return servers as string[];
  event.fail('bootstrapServers', 'is required: a list of host:port strings');
  return undefined;
}

/**
 * A secret as the event names it: its ARN, or a CloudFormation function (`Ref`, `Fn::GetAtt`)
 * kept as its JSON, which only a connection that needs the secret refuses, so a deploy of the
 * service is never stopped by it.
 */
function secretReference(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (isPlainObject(value)) return JSON.stringify(value);
  return undefined;
}

/** MSK mappings log in with the `saslScram512` secret on the SCRAM listener, else with IAM; both over TLS. */
function readMskAuth(event: SettingsReader): MappingAuth {
  const value = event.raw('saslScram512');
  if (value === undefined || value === null) return { login: { kind: 'iam' }, tls: true };
  const secretArn = secretReference(value);
  if (secretArn) return { login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn }, tls: true };
  event.fail('saslScram512', 'must be the ARN of the AmazonMSK_ secret');
  return { login: { kind: 'none' }, tls: true };
}

const SASL_ACCESS: Record<string, SaslMechanism> = { saslPlainAuth: 'plain', saslScram256Auth: 'scram-sha-256', saslScram512Auth: 'scram-sha-512' };
const ACCESS_KEYS = [...Object.keys(SASL_ACCESS), 'clientCertificateTlsAuth', 'serverRootCaCertificate', 'vpcSubnet', 'vpcSecurityGroup'];

/**
 * A self-managed cluster's login, from `accessConfigurations`: one of SASL (PLAIN, SCRAM-256,
 * SCRAM-512) or a client certificate, and maybe a root CA. Lambda sends SASL only over TLS
 * (SASL_SSL); with no login and no root CA it connects in plaintext. VPC settings mean nothing locally.
 */
function readSelfManagedAuth(event: SettingsReader): MappingAuth {
  const access = event.raw('accessConfigurations');
  if (!isPlainObject(access)) return { login: { kind: 'none' }, tls: false };
  const path = 'accessConfigurations';
  for (const key of Object.keys(access).filter((key) => !ACCESS_KEYS.includes(key))) {
    event.fail(`${path}.${key}`, `unknown access configuration; a kafka event takes ${ACCESS_KEYS.join(', ')}`);
  }
  const secretOf = (key: string): string | undefined => {
    const value = access[key];
    if (value === undefined) return undefined;
    const secretArn = secretReference(Array.isArray(value) && value.length === 1 ? value[0] : value);
    if (!secretArn) event.fail(`${path}.${key}`, 'must be one Secrets Manager secret ARN');
    return secretArn;
  };
  const logins: MappingLogin[] = [];
  for (const [key, mechanism] of Object.entries(SASL_ACCESS)) {
    const secretArn = secretOf(key);
    if (secretArn) logins.push({ kind: 'sasl', mechanism, secretArn });
  }
  const certificate = secretOf('clientCertificateTlsAuth');
  if (certificate) logins.push({ kind: 'client-certificate', secretArn: certificate });
  if (logins.length > 1) event.fail(path, 'takes one login: saslPlainAuth, saslScram256Auth, saslScram512Auth or clientCertificateTlsAuth');
  const login = logins[0] ?? { kind: 'none' };
  const serverRootCaSecretArn = secretOf('serverRootCaCertificate');
  return { login, tls: login.kind !== 'none' || serverRootCaSecretArn !== undefined, ...(serverRootCaSecretArn && { serverRootCaSecretArn }) };
}

/** AWS takes the timestamp in Unix seconds, only with AT_TIMESTAMP, and needs it then. */
function readStartingTimestamp(event: SettingsReader, startingPosition: StartingPosition): number | undefined {
  const timestamp = event.raw('startingPositionTimestamp');
  if (startingPosition !== 'AT_TIMESTAMP') {
    if (timestamp !== undefined) event.fail('startingPositionTimestamp', `StartingPositionTimestamp is only valid with StartingPosition AT_TIMESTAMP, not ${startingPosition}`);
    return undefined;
  }
  if (timestamp === undefined) {
    event.fail('startingPositionTimestamp', 'StartingPositionTimestamp (Unix time in seconds) is required when StartingPosition is AT_TIMESTAMP');
    return undefined;
  }
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) {
    event.fail('startingPositionTimestamp', `Value '${JSON.stringify(timestamp)}' at 'StartingPositionTimestamp' failed to satisfy constraint: Member must be a Unix time in seconds`);
    return undefined;
  }
  return Math.round(timestamp * 1000);
}

function readFilterPatterns(event: SettingsReader): { filterPatterns: string[]; filter: RecordFilter } {
  try {
    const filterPatterns = filterPatternsFromServerless(event.raw('filterPatterns'));
    return { filterPatterns, filter: compileFilterCriteria(filterPatterns) };
  } catch (error) {
    if (!(error instanceof FilterPatternError)) throw error;
    for (const problem of error.problems) event.fail('filterPatterns', problem);
    return { filterPatterns: [], filter: compileFilterCriteria([]) };
  }
}

/**
 * The `filterPatterns` of a Serverless `msk` or `kafka` event (`[{ value: {...} }]`) as the
 * `Pattern` strings Serverless deploys: each object through `JSON.stringify`.
 */
export function filterPatternsFromServerless(patterns: unknown): string[] {
  if (patterns === undefined) return [];
  if (!Array.isArray(patterns)) throw new FilterPatternError(['filterPatterns must be a list of patterns such as [{ value: { type: ["order"] } }]']);
  const problems = patterns.flatMap((pattern, index) =>
    isPlainObject(pattern) ? [] : [`filterPatterns[${index}] must be an object such as { value: { type: ["order"] } }, got ${JSON.stringify(pattern)}`],
  );
  if (problems.length > 0) throw new FilterPatternError(problems);
  return patterns.map((pattern) => JSON.stringify(pattern));
}


/**
 * `provisionedPollerConfig: { minimumPollers, maximumPollers, pollerGroupName }`. The Framework
 * deploys the first two; `pollerGroupName`, which its schema lets through but does not deploy,
 * the plugin adds to the generated `ProvisionedPollerConfig`.
 */
function readProvisionedPollers(event: SettingsReader): ProvisionedPollers | undefined {
  const config = event.raw('provisionedPollerConfig');
  if (config === undefined) return undefined;
  if (!isPlainObject(config)) {
    event.fail('provisionedPollerConfig', 'must be an object such as { minimumPollers: 1, maximumPollers: 3 }');
    return undefined;
  }
  const pollers = new SettingsReader(config, `${event.path}.provisionedPollerConfig`, event.problems);
  pollers.rejectUnknownKeys(['minimumPollers', 'maximumPollers', 'pollerGroupName'], 'provisionedPollerConfig');
  const minimumPollers = pollers.wholeNumber('minimumPollers', 'ProvisionedPollerConfig.MinimumPollers', PROVISIONED_MINIMUM_POLLERS);
  const maximumPollers = pollers.wholeNumber('maximumPollers', 'ProvisionedPollerConfig.MaximumPollers', PROVISIONED_MAXIMUM_POLLERS);
  const pollerGroupName = pollers.text('pollerGroupName', 'ProvisionedPollerConfig.PollerGroupName', POLLER_GROUP);
  if (minimumPollers !== undefined && maximumPollers !== undefined && minimumPollers > maximumPollers) {
    pollers.fail('minimumPollers', `MinimumPollers (${minimumPollers}) must not exceed MaximumPollers (${maximumPollers})`);
  }
  return {
    ...(minimumPollers !== undefined && { minimumPollers }),
    ...(maximumPollers !== undefined && { maximumPollers }),
    ...(pollerGroupName !== undefined && { pollerGroupName }),
  };
}

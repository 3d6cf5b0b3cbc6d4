import * as z from 'zod/mini';
import './zod-locale';
import { arnVariable, type AwsArn } from './kafka-connection/aws-arn';
import { BROKER_LIST_FORMAT, parseBrokerList } from './kafka-connection/broker-list';
import { MSK_LISTENERS, type MskListener } from './kafka-connection/msk-listeners';

/**
 * Configuration comes from the environment `serverless.yml` sets, read once per container at
 * cold start. A missing or malformed variable fails the cold start with its name and what was
 * expected, instead of a confusing error at the first request.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** How the functions authenticate to Kafka; each matches one kind of MSK client listener. */
export const KAFKA_AUTH_MODES = MSK_LISTENERS;
export type KafkaAuthMode = MskListener;

/** Where the brokers come from: listed in KAFKA_BROKERS, or discovered from the MSK cluster of MSK_CLUSTER_ARN. */
export type KafkaBootstrapConfig = { source: 'listed'; brokers: string[] } | { source: 'msk'; cluster: AwsArn };

/**
 * How to log in, per KAFKA_AUTH_MODE, with what that mode needs: the AmazonMSK_ secret for scram,
 * the region tokens are signed for with iam. `tls` is KAFKA_TLS, else on for every mode but plaintext.
 */
export type KafkaAuthConfig =
  | { mode: 'plaintext' | 'tls'; tls: boolean }
  | { mode: 'scram'; tls: boolean; secret: AwsArn }
  | { mode: 'iam'; tls: boolean; region: string };

/** What building a Kafka client needs, checked here so the code that connects trusts it. */
export interface KafkaConnectionConfig {
  clientId: string;
  bootstrap: KafkaBootstrapConfig;
  auth: KafkaAuthConfig;
}

const mskClusterArn = /^arn:aws[a-z-]*:kafka:(?<region>[a-z0-9-]+):\d{12}:cluster\/[^/\s]+\/[^/\s]+$/;
// MSK only accepts SCRAM secrets whose name starts with AmazonMSK_.
const mskScramSecretArn = /^arn:aws[a-z-]*:secretsmanager:(?<region>[a-z0-9-]+):\d{12}:secret:AmazonMSK_\S+$/;

/** serverless.yml cannot leave a variable out, only set it empty: empty counts as not set. */
function optional<T extends z.ZodMiniType>(schema: T) {
  return z.pipe(
    z.transform((value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value)),
    z.optional(schema),
  );
}

const trimmed = () => z.string().check(z.trim());

const variables = {
  /** Exactly one of KAFKA_BROKERS and MSK_CLUSTER_ARN is set: see `kafkaBootstrap`. */
  KAFKA_BROKERS: optional(
    z.pipe(
      z.string(),
      z.transform((value: string, context) => {
        const brokers = parseBrokerList(value);
        if (!brokers) context.issues.push({ code: 'custom', message: `must be ${BROKER_LIST_FORMAT}`, input: value });
        return brokers ?? [];
      }),
    ),
  ),
  /** On AWS, the brokers are discovered from the cluster instead of listed. */
  MSK_CLUSTER_ARN: optional(arnVariable(mskClusterArn, 'must be an MSK cluster ARN, arn:aws:kafka:<region>:<account>:cluster/<name>/<id>')),
  KAFKA_AUTH_MODE: z.pipe(
    optional(z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(KAFKA_AUTH_MODES, { error: `must be one of ${KAFKA_AUTH_MODES.join(', ')}` }))),
    z.transform((mode): KafkaAuthMode => mode ?? 'plaintext'),
  ),
  /** Unset means: TLS for every mode but plaintext (see `kafkaAuth`). */
  KAFKA_TLS: z.pipe(
    optional(z.enum(['true', 'false'], { error: 'must be true or false' })),
    z.transform((tls) => (tls === undefined ? undefined : tls === 'true')),
  ),
  KAFKA_SCRAM_SECRET_ARN: optional(
    arnVariable(mskScramSecretArn, 'must be the ARN of a Secrets Manager secret whose name starts with AmazonMSK_, as MSK requires'),
  ),
  /** Set by Lambda; IAM tokens are signed for it when the brokers are listed rather than discovered. */
  AWS_REGION: optional(trimmed().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region, e.g. us-east-1'))),
  KAFKA_CLIENT_ID: z._default(trimmed().check(z.minLength(1)), 'messages-notifications'),
  MESSAGE_TOPIC: trimmed().check(z.minLength(1, 'required: the topic messages are produced to')),
  DEAD_LETTER_TOPIC: trimmed().check(z.minLength(1, 'required: the topic poison records are written to')),
  NOTIFICATIONS_TABLE: trimmed().check(z.minLength(1, 'required: the DynamoDB table of notifications')),
  /** Local runs point this at DynamoDB Local; empty on AWS. */
  DYNAMODB_ENDPOINT: z
    .pipe(
      z.optional(trimmed()),
      z.transform((value) => (value ? value : undefined)),
    )
    .check(z.refine((value) => value === undefined || /^https?:\/\/\S+$/.test(value), 'must be an http(s) URL')),
  /** How long an HTTP request may wait for Kafka before it gets a 503. */
  PRODUCE_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.minimum(100), z.maximum(25_000)), 5_000),
} satisfies Record<string, z.ZodMiniType>;

type Variables = typeof variables;
type Name = keyof Variables;
type Values<N extends Name> = { [K in N]: z.output<Variables[K]> };
/** What is wrong, and the variable it is reported under. */
type Problem = [Name, string];

/** The variables of `names` that parse, and what is wrong with the others, in the order of `names`. */
function parse<N extends Name>(names: readonly N[], env: NodeJS.ProcessEnv): { values: Partial<Values<N>>; problems: Problem[] } {
  const values: Partial<Values<N>> = {};
  const problems: Problem[] = [];
  for (const name of names) {
    const result = (variables[name] as z.ZodMiniType).safeParse(env[name]);
    if (result.success) values[name] = result.data as Values<N>[N];
    for (const issue of result.error?.issues ?? []) {
      problems.push([name, issue.code === 'invalid_type' && env[name] === undefined ? 'is not set' : issue.message]);
    }
  }
  return { values, problems };
}

function refuse(problems: readonly Problem[]): never {
  throw new ConfigError(`Invalid configuration:\n${problems.map(([name, message]) => `  ${name}: ${message}`).join('\n')}`);
}

function read<N extends Name>(names: readonly N[], env: NodeJS.ProcessEnv): Values<N> {
  const { values, problems } = parse(names, env);
  if (problems.length > 0) refuse(problems);
  return values as Values<N>;
}

const KAFKA_VARIABLES = ['KAFKA_BROKERS', 'MSK_CLUSTER_ARN', 'KAFKA_AUTH_MODE', 'KAFKA_TLS', 'KAFKA_SCRAM_SECRET_ARN', 'AWS_REGION', 'KAFKA_CLIENT_ID'] as const;
type KafkaValues = Partial<Values<(typeof KAFKA_VARIABLES)[number]>>;

// A variable that is set but malformed has its own problem already: the rules below look at whether it is set.
const isSet = (env: NodeJS.ProcessEnv, name: Name) => Boolean(env[name]?.trim());

/** Exactly one of KAFKA_BROKERS and MSK_CLUSTER_ARN. */
function kafkaBootstrap(env: NodeJS.ProcessEnv, values: KafkaValues, problems: Problem[]): KafkaBootstrapConfig | undefined {
  const listed = isSet(env, 'KAFKA_BROKERS');
  const discovered = isSet(env, 'MSK_CLUSTER_ARN');
  if (listed && discovered) {
    problems.push(['MSK_CLUSTER_ARN', 'is set, and so is KAFKA_BROKERS: set exactly one of them']);
    return undefined;
  }
  if (values.KAFKA_BROKERS) return { source: 'listed', brokers: values.KAFKA_BROKERS };
  if (values.MSK_CLUSTER_ARN) return { source: 'msk', cluster: values.MSK_CLUSTER_ARN };
  if (!listed && !discovered) {
    problems.push(['KAFKA_BROKERS', 'is not set, nor is MSK_CLUSTER_ARN: set exactly one of them (a host:port list, or the MSK cluster to discover the brokers of)']);
  }
  return undefined;
}

/** The mode, with what it needs and nothing it does not. */
function kafkaAuth(env: NodeJS.ProcessEnv, values: KafkaValues, problems: Problem[]): KafkaAuthConfig | undefined {
  const mode = values.KAFKA_AUTH_MODE;
  // MSK's TLS, SCRAM and IAM listeners all encrypt; the local SCRAM listener does not (KAFKA_TLS=false).
  const tls = values.KAFKA_TLS ?? mode !== 'plaintext';
  const secretSet = isSet(env, 'KAFKA_SCRAM_SECRET_ARN');
  if (secretSet && mode !== 'scram') {
    const named = mode ?? env.KAFKA_AUTH_MODE?.trim().toLowerCase();
    problems.push(['KAFKA_SCRAM_SECRET_ARN', `is set, but KAFKA_AUTH_MODE is ${named}: set KAFKA_AUTH_MODE=scram to use it`]);
  }
  switch (mode) {
    case undefined:
      return undefined;
    case 'plaintext':
    case 'tls':
      return { mode, tls };
    case 'scram':
      if (!secretSet) problems.push(['KAFKA_SCRAM_SECRET_ARN', 'is not set: KAFKA_AUTH_MODE scram reads its username and password from this AmazonMSK_ secret']);
      return values.KAFKA_SCRAM_SECRET_ARN && { mode, tls, secret: values.KAFKA_SCRAM_SECRET_ARN };
    case 'iam': {
      // The token is signed for the cluster's region: the one in its ARN, else the function's own.
      const region = values.MSK_CLUSTER_ARN?.region ?? values.AWS_REGION;
      if (!isSet(env, 'MSK_CLUSTER_ARN') && !isSet(env, 'AWS_REGION')) {
        problems.push(['AWS_REGION', 'is not set: KAFKA_AUTH_MODE iam signs its token for the region of the cluster (or set MSK_CLUSTER_ARN)']);
      }
      return region === undefined ? undefined : { mode, tls, region };
    }
  }
}

/** The variables of `names` and the Kafka connection, every problem of either told at once. */
function readWithKafka<N extends Name>(names: readonly N[], env: NodeJS.ProcessEnv): Values<N> & { kafka: KafkaConnectionConfig } {
  const kafka = parse(KAFKA_VARIABLES, env);
  const own = parse(names, env);
  const rules: Problem[] = [];
  const bootstrap = kafkaBootstrap(env, kafka.values, rules);
  const auth = kafkaAuth(env, kafka.values, rules);
  const problems = [...kafka.problems, ...own.problems, ...rules];
  // A part is missing only where a problem says why.
  if (problems.length > 0 || !bootstrap || !auth || !kafka.values.KAFKA_CLIENT_ID) refuse(problems);
  return { ...(own.values as Values<N>), kafka: { clientId: kafka.values.KAFKA_CLIENT_ID, bootstrap, auth } };
}

export function producerConfig(env: NodeJS.ProcessEnv = process.env) {
  return readWithKafka(['MESSAGE_TOPIC', 'PRODUCE_TIMEOUT_MS'], env);
}

export function consumerConfig(env: NodeJS.ProcessEnv = process.env) {
  return readWithKafka(['DEAD_LETTER_TOPIC', 'NOTIFICATIONS_TABLE', 'DYNAMODB_ENDPOINT', 'PRODUCE_TIMEOUT_MS'], env);
}

export function storeConfig(env: NodeJS.ProcessEnv = process.env) {
  return read(['NOTIFICATIONS_TABLE', 'DYNAMODB_ENDPOINT'], env);
}

export type ProducerConfig = ReturnType<typeof producerConfig>;
export type ConsumerConfig = ReturnType<typeof consumerConfig>;
export type StoreConfig = ReturnType<typeof storeConfig>;

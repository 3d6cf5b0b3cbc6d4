import { z } from 'zod';

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
export const KAFKA_AUTH_MODES = ['plaintext', 'tls', 'scram', 'iam'] as const;
export type KafkaAuthMode = (typeof KAFKA_AUTH_MODES)[number];

const hostPort = /^[^\s,:]+:\d{1,5}$/;
const mskClusterArn = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/[^/\s]+\/[^/\s]+$/;
// MSK only accepts SCRAM secrets whose name starts with AmazonMSK_.
const mskScramSecretArn = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:AmazonMSK_\S+$/;

/** serverless.yml cannot leave a variable out, only set it empty: empty counts as not set. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());
}

const variables = {
  /** Exactly one of KAFKA_BROKERS and MSK_CLUSTER_ARN is set: see `kafkaRules`. */
  KAFKA_BROKERS: optional(
    z
      .string()
      .trim()
      .transform((value) => value.split(',').map((broker) => broker.trim()))
      .refine((brokers) => brokers.every((broker) => hostPort.test(broker)), 'must be host:port[,host:port...]'),
  ),
  /** On AWS, the brokers are discovered from the cluster instead of listed. */
  MSK_CLUSTER_ARN: optional(
    z.string().trim().regex(mskClusterArn, 'must be an MSK cluster ARN, arn:aws:kafka:<region>:<account>:cluster/<name>/<id>'),
  ),
  KAFKA_AUTH_MODE: optional(
    z.string().trim().toLowerCase().pipe(z.enum(KAFKA_AUTH_MODES, { error: `must be one of ${KAFKA_AUTH_MODES.join(', ')}` })),
  ).transform((mode): KafkaAuthMode => mode ?? 'plaintext'),
  /** Unset means: TLS for every mode but plaintext (see `readWithKafka`). */
  KAFKA_TLS: optional(z.enum(['true', 'false'], { error: 'must be true or false' })).transform((tls) => (tls === undefined ? undefined : tls === 'true')),
  KAFKA_SCRAM_SECRET_ARN: optional(
    z.string().trim().regex(mskScramSecretArn, 'must be the ARN of a Secrets Manager secret whose name starts with AmazonMSK_, as MSK requires'),
  ),
  /** Set by Lambda; IAM tokens are signed for it when the brokers are listed rather than discovered. */
  AWS_REGION: optional(z.string().trim().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region, e.g. us-east-1')),
  KAFKA_CLIENT_ID: z.string().trim().min(1).default('messages-notifications'),
  MESSAGE_TOPIC: z.string().trim().min(1, 'required: the topic messages are produced to'),
  DEAD_LETTER_TOPIC: z.string().trim().min(1, 'required: the topic poison records are written to'),
  NOTIFICATIONS_TABLE: z.string().trim().min(1, 'required: the DynamoDB table of notifications'),
  /** Local runs point this at DynamoDB Local; empty on AWS. */
  DYNAMODB_ENDPOINT: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^https?:\/\/\S+$/.test(value), 'must be an http(s) URL'),
  /** How long an HTTP request may wait for Kafka before it gets a 503. */
  PRODUCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(25_000).default(5_000),
} satisfies Record<string, z.ZodType>;

type Variables = typeof variables;
type Name = keyof Variables;
type Values<N extends Name> = { [K in N]: z.output<Variables[K]> };
/** A rule across variables: the variable it is reported under, and what is wrong. */
type Problem = [Name, string];

function read<N extends Name>(names: readonly N[], env: NodeJS.ProcessEnv, rules: (env: NodeJS.ProcessEnv) => Problem[] = () => []): Values<N> {
  const shape = Object.fromEntries(names.map((name) => [name, variables[name]])) as { [K in N]: Variables[K] };
  const result = z.object(shape).safeParse(env);
  const problems = (result.success ? [] : result.error.issues).map((issue) => {
    const name = String(issue.path[0]);
    const message = issue.code === 'invalid_type' && env[name] === undefined ? 'is not set' : issue.message;
    return `  ${name}: ${message}`;
  });
  problems.push(...rules(env).map(([name, message]) => `  ${name}: ${message}`));
  if (!result.success || problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  return result.data as Values<N>;
}

const KAFKA_VARIABLES = ['KAFKA_BROKERS', 'MSK_CLUSTER_ARN', 'KAFKA_AUTH_MODE', 'KAFKA_TLS', 'KAFKA_SCRAM_SECRET_ARN', 'AWS_REGION', 'KAFKA_CLIENT_ID'] as const;

/** What one Kafka variable requires of another, checked on the raw values so every problem is told at once. */
function kafkaRules(env: NodeJS.ProcessEnv): Problem[] {
  const isSet = (name: Name) => Boolean(env[name]?.trim());
  const mode = env.KAFKA_AUTH_MODE?.trim().toLowerCase() || 'plaintext';
  const problems: Problem[] = [];
  if (!isSet('KAFKA_BROKERS') && !isSet('MSK_CLUSTER_ARN')) {
    problems.push(['KAFKA_BROKERS', 'is not set, nor is MSK_CLUSTER_ARN: set exactly one of them (a host:port list, or the MSK cluster to discover the brokers of)']);
  }
  if (isSet('KAFKA_BROKERS') && isSet('MSK_CLUSTER_ARN')) {
    problems.push(['MSK_CLUSTER_ARN', 'is set, and so is KAFKA_BROKERS: set exactly one of them']);
  }
  if (mode === 'scram' && !isSet('KAFKA_SCRAM_SECRET_ARN')) {
    problems.push(['KAFKA_SCRAM_SECRET_ARN', 'is not set: KAFKA_AUTH_MODE scram reads its username and password from this AmazonMSK_ secret']);
  }
  if (mode !== 'scram' && isSet('KAFKA_SCRAM_SECRET_ARN')) {
    problems.push(['KAFKA_SCRAM_SECRET_ARN', `is set, but KAFKA_AUTH_MODE is ${mode}: set KAFKA_AUTH_MODE=scram to use it`]);
  }
  if (mode === 'iam' && !isSet('MSK_CLUSTER_ARN') && !isSet('AWS_REGION')) {
    problems.push(['AWS_REGION', 'is not set: KAFKA_AUTH_MODE iam signs its token for the region of the cluster (or set MSK_CLUSTER_ARN)']);
  }
  return problems;
}

/** The Kafka connection's variables with `names`; TLS defaults on for every mode but plaintext. */
function readWithKafka<N extends Name>(names: readonly N[], env: NodeJS.ProcessEnv) {
  const values = read([...KAFKA_VARIABLES, ...names], env, kafkaRules);
  // MSK's TLS, SCRAM and IAM listeners all encrypt; the local SCRAM listener does not (KAFKA_TLS=false).
  return { ...values, KAFKA_TLS: values.KAFKA_TLS ?? values.KAFKA_AUTH_MODE !== 'plaintext' };
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
/** What building a Kafka client needs: the part of the config both Kafka functions share. */
export type KafkaConnectionConfig = Pick<ProducerConfig, (typeof KAFKA_VARIABLES)[number]>;

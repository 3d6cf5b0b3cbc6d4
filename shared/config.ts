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

const hostPort = /^[^\s,:]+:\d{1,5}$/;

const variables = {
  KAFKA_BROKERS: z
    .string()
    .trim()
    .min(1, 'required: comma-separated host:port list, e.g. 127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .refine((brokers) => brokers.every((broker) => hostPort.test(broker)), 'must be host:port[,host:port...]'),
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

function read<N extends Name>(names: readonly N[], env: NodeJS.ProcessEnv): { [K in N]: z.output<Variables[K]> } {
  const shape = Object.fromEntries(names.map((name) => [name, variables[name]])) as { [K in N]: Variables[K] };
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const message = issue.code === 'invalid_type' && env[name] === undefined ? 'is not set' : issue.message;
      return `  ${name}: ${message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return result.data as { [K in N]: z.output<Variables[K]> };
}

export function producerConfig(env: NodeJS.ProcessEnv = process.env) {
  return read(['KAFKA_BROKERS', 'KAFKA_CLIENT_ID', 'MESSAGE_TOPIC', 'PRODUCE_TIMEOUT_MS'], env);
}

export function consumerConfig(env: NodeJS.ProcessEnv = process.env) {
  return read(['KAFKA_BROKERS', 'KAFKA_CLIENT_ID', 'DEAD_LETTER_TOPIC', 'NOTIFICATIONS_TABLE', 'DYNAMODB_ENDPOINT', 'PRODUCE_TIMEOUT_MS'], env);
}

export function storeConfig(env: NodeJS.ProcessEnv = process.env) {
  return read(['NOTIFICATIONS_TABLE', 'DYNAMODB_ENDPOINT'], env);
}

export type ProducerConfig = ReturnType<typeof producerConfig>;
export type ConsumerConfig = ReturnType<typeof consumerConfig>;
export type StoreConfig = ReturnType<typeof storeConfig>;

import path from 'node:path';
import type { ScramCredentials } from '../shared/kafka-connection/scram-credentials';

/**
 * Everything the local stack pins in one place: versions, ports, topics and where state lives.
 * `docker-compose.yml` repeats the version and ports; a test keeps the two in step.
 */

export const KAFKA_VERSION = '4.2.2';
export const SCALA_VERSION = '2.13';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Gitignored: jars, broker data, logs, pid files. */
export const LOCAL_STATE_DIR = process.env.LOCAL_STATE_DIR ?? path.join(PROJECT_ROOT, '.local');

/** Client port of broker 1; broker N listens on `KAFKA_BASE_PORT + N - 1`. */
export const KAFKA_BASE_PORT = 9092;
/** Controller (KRaft quorum) port of node 1, Java path only; Docker keeps its controllers inside its network. */
export const KAFKA_CONTROLLER_BASE_PORT = 9192;
export const KAFKA_HOST = '127.0.0.1';
/**
 * The SASL_PLAINTEXT (SCRAM-SHA-512) port of broker N, when started with `--scram`, is its
 * PLAINTEXT port plus this: 9292 for broker 1, clear of the client and controller ports.
 */
export const KAFKA_SCRAM_PORT_OFFSET = 200;
/**
 * With `--auth-listeners`, broker N also listens with SASL_SSL (SCRAM and PLAIN over TLS, as Lambda
 * logs in to a self-managed cluster), SSL, and SSL that requires a client certificate, on its
 * PLAINTEXT port plus these: 9392, 9492 and 9592 for broker 1.
 */
export const KAFKA_SASL_SSL_PORT_OFFSET = 300;
export const KAFKA_SSL_PORT_OFFSET = 400;
export const KAFKA_MUTUAL_TLS_PORT_OFFSET = 500;

/**
 * The SCRAM-SHA-512 user `npm run kafka -- up --scram` creates (with `--auth-listeners`, also a
 * SCRAM-SHA-256 and a PLAIN user of the same name and password). Local-only and not a secret: the
 * broker listens on 127.0.0.1 alone. On AWS the credentials come from the cluster's AmazonMSK_ secret.
 */
export const LOCAL_SCRAM_USER: ScramCredentials = { username: 'local-scram-user', password: 'local-only-scram-password' };

/** Largest message the local brokers accept: 8 MiB, as an MSK cluster can be configured to. */
export const KAFKA_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export interface TopicDefinition {
  name: string;
  partitions: number;
}

export const MESSAGE_CREATED_TOPIC: TopicDefinition = { name: 'message-created', partitions: 3 };
/** Poison records of `message-created` land here with the reason and their coordinates. */
export const MESSAGE_CREATED_DLQ_TOPIC: TopicDefinition = { name: 'message-created-dlq', partitions: 3 };

export const LOCAL_TOPICS: readonly TopicDefinition[] = [MESSAGE_CREATED_TOPIC, MESSAGE_CREATED_DLQ_TOPIC];

/** Replication factor for a cluster of `brokers` nodes: 3 where there are 3, else all of them. */
export function replicationFactorFor(brokers: number): number {
  return Math.min(3, brokers);
}

/** Writes need 2 in-sync replicas on a 3-node cluster, so one broker may fail without losing acked data. */
export function minInsyncReplicasFor(brokers: number): number {
  return brokers >= 3 ? 2 : 1;
}

/** DynamoDB Local: the Maven artifact `com.amazonaws:DynamoDBLocal` and the `amazon/dynamodb-local` image tag. */
export const DYNAMODB_LOCAL_VERSION = '2.6.1';
export const DYNAMODB_LOCAL_IMAGE = `amazon/dynamodb-local:${DYNAMODB_LOCAL_VERSION}`;
export const DYNAMODB_LOCAL_HOST = '127.0.0.1';
export const DYNAMODB_LOCAL_PORT = 8000;
/** What local clients sign with; `-sharedDb` makes DynamoDB Local ignore both, serverless.yml defaults to this region. */
export const DYNAMODB_LOCAL_REGION = 'us-east-1';
export const DYNAMODB_LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** Jars fetched by Maven; named like the artifact so `pgrep -af DynamoDBLocal` finds the server. */
export const DYNAMODB_LOCAL_LIBS_DIR = path.join(LOCAL_STATE_DIR, 'cache', `DynamoDBLocal-${DYNAMODB_LOCAL_VERSION}`, 'libs');
/** One folder per instance name: `instance.json`, `dynamodb.log` and `data/`. */
export const DYNAMODB_LOCAL_STATE_DIR = path.join(LOCAL_STATE_DIR, 'dynamodb');

/** The serverless.yml stage local runs resolve table names for (its default stage). */
export const LOCAL_STAGE = 'local';

/**
 * Apicurio Registry, the Confluent-compatible schema registry: the Maven artifact
 * `io.apicurio:apicurio-registry-app` (its `all` tar.gz) and the `apicurio/apicurio-registry-mem` image tag.
 */
export const SCHEMA_REGISTRY_VERSION = '2.6.13.Final';
export const SCHEMA_REGISTRY_IMAGE = `apicurio/apicurio-registry-mem:${SCHEMA_REGISTRY_VERSION}`;
export const SCHEMA_REGISTRY_HOST = '127.0.0.1';
export const SCHEMA_REGISTRY_PORT = 8081;
/** Where Apicurio serves Confluent's Schema Registry API; a mapping's `schemaRegistryURI` names it. */
export const SCHEMA_REGISTRY_CCOMPAT_PATH = '/apis/ccompat/v7';
/** The unpacked distribution (a Quarkus runner jar and its lib/), fetched by Maven once. */
export const SCHEMA_REGISTRY_APP_DIR = path.join(LOCAL_STATE_DIR, 'cache', `apicurio-registry-${SCHEMA_REGISTRY_VERSION}`);
/** One folder per instance name: `instance.json` and `registry.log`. */
export const SCHEMA_REGISTRY_STATE_DIR = path.join(LOCAL_STATE_DIR, 'schema-registry');

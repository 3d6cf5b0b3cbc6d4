import { logLevel, type KafkaConfig } from 'kafkajs';
import { SHARE_APIS, type ShareApiName } from './api';
import { Reader } from './wire';

// kafkajs's Broker and ConnectionPool: the connections kafkajs makes for the poller's consumers,
// TLS and SASL (PLAIN, SCRAM, MSK IAM's OAUTHBEARER) and re-authentication included. kafkajs
// sends any request given its encoder and decoder; these are not in its typings.
/* eslint-disable @typescript-eslint/no-require-imports */
const Broker = require('kafkajs/src/broker') as new (options: Record<string, unknown>) => KafkajsBroker;
const ConnectionPool = require('kafkajs/src/network/connectionPool') as new (options: Record<string, unknown>) => KafkajsConnectionPool;
const socketFactory = (require('kafkajs/src/network/socketFactory') as () => unknown)();
const { createLogger } = require('kafkajs/src/loggers') as { createLogger: (options: { level: number; logCreator: () => () => void }) => unknown };
/* eslint-enable @typescript-eslint/no-require-imports */

interface KafkajsRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<{ buf: Buffer; buffer: Buffer }> };
  response: { decode(payload: Buffer): Promise<Buffer>; parse(payload: Buffer): Promise<Buffer> };
  requestTimeout?: number;
}

interface KafkajsConnectionPool {
  send(request: KafkajsRequest): Promise<Buffer>;
}

interface KafkajsBroker {
  connectionPool: KafkajsConnectionPool;
  isConnected(): boolean;
  connect(): Promise<void>;
  /** ApiVersions' answer, by API key, once connected. */
  versions: Record<number, { minVersion: number; maxVersion: number }> | null;
  disconnect(): Promise<void>;
  findGroupCoordinator(options: { groupId: string; coordinatorType: number }): Promise<{ coordinator: BrokerAddress & { nodeId: number } }>;
}

export interface BrokerAddress {
  host: string;
  port: number;
}

/** How the mapping's clients connect: its kafkajs config, as `connectMapping` checked it. */
export type LinkConfig = Pick<KafkaConfig, 'ssl' | 'sasl' | 'connectionTimeout'> & { clientId: string };

const silent = createLogger({ level: logLevel.NOTHING, logCreator: () => () => undefined });
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** FindCoordinator's key type of a group (share groups are coordinated as groups are). */
const GROUP_KEY_TYPE = 0;

/** The broker does not speak an API at the version this folder sends: too old for share groups, or they are off. */
export class UnsupportedApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedApiError';
  }
}

/** `host:port` as kafkajs's brokers list writes it. */
export function addressOf(text: string): BrokerAddress {
  const at = text.lastIndexOf(':');
  return { host: text.slice(0, at), port: Number(text.slice(at + 1)) };
}

/**
 * One connection to one broker, logged in as the mapping logs in, that sends share-group
 * requests. A flexible request's header (v2) is kafkajs's (v1) plus an empty tagged-field
 * section, which leads the body; the response header's tagged fields are skipped here.
 */
export class BrokerLink {
  private readonly broker: KafkajsBroker;

  constructor(
    readonly address: BrokerAddress,
    config: LinkConfig,
  ) {
    const connectionTimeout = config.connectionTimeout ?? 3_000;
    const pool = new ConnectionPool({
      host: address.host,
      port: address.port,
      logger: silent,
      socketFactory,
      ssl: config.ssl ?? null,
      sasl: config.sasl ?? null,
      clientId: config.clientId,
      connectionTimeout,
      requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
    });
    this.broker = new Broker({ connectionPool: pool, logger: silent });
  }

  private async connected(): Promise<KafkajsBroker> {
    if (!this.broker.isConnected()) await this.broker.connect();
    return this.broker;
  }

  /** Sends one request body of `api` at the version this folder speaks; resolves with the response body. */
  async send(api: ShareApiName, body: Buffer, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Promise<Buffer> {
    const { apiKey, apiVersion } = SHARE_APIS[api];
    const framed = Buffer.concat([Buffer.from([0]), body]);
    const broker = await this.connected();
    const supported = broker.versions?.[apiKey];
    if (broker.versions && (!supported || apiVersion < supported.minVersion || apiVersion > supported.maxVersion)) {
      const range = supported ? `v${supported.minVersion}..v${supported.maxVersion}` : 'no version';
      throw new UnsupportedApiError(
        `the broker at ${this.address.host}:${this.address.port} speaks ${range} of ${api}, not v${apiVersion}: Queue mode needs Kafka 4.2 or later with share groups on (feature share.version=1)`,
      );
    }
    const payload = await broker.connectionPool.send({
      request: { apiKey, apiVersion, apiName: api, encode: async () => ({ buf: framed, buffer: framed }) },
      response: { decode: async (raw) => raw, parse: async (raw) => raw },
      requestTimeout: requestTimeoutMs,
    });
    const reader = new Reader(payload);
    reader.taggedFields();
    return payload.subarray(payload.length - reader.remaining);
  }

  /** The broker that coordinates `groupId` (kafkajs's FindCoordinator). */
  async findCoordinator(groupId: string): Promise<BrokerAddress & { nodeId: number }> {
    const broker = await this.connected();
    const { coordinator } = await broker.findGroupCoordinator({ groupId, coordinatorType: GROUP_KEY_TYPE });
    return coordinator;
  }

  async close(): Promise<void> {
    await this.broker.disconnect().catch(() => undefined);
  }
}

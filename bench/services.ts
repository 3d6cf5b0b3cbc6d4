import { setTimeout as sleep } from 'node:timers/promises';
import { DYNAMODB_LOCAL_PORT, KAFKA_BASE_PORT } from '../local/config';
import { dynamodbDown, dynamodbStatus, dynamodbUp } from '../local/dynamodb/instance';
import { kafkaDown, kafkaStatus, kafkaUp } from '../local/kafka/cluster';
import { takenPorts } from '../local/ports';
import { OFFLINE_HTTP_PORT, OFFLINE_LAMBDA_PORT, startOffline, type OfflineServer } from '../local/offline-server';

/** How long the bench waits for a port someone else holds (their test run) before giving up. */
const PORT_WAIT_MS = 10 * 60_000;
const PORT_POLL_MS = 5_000;

/** Waits while another process holds one of `ports` (the machine is shared): wait, never fight. */
async function untilPortsFree(ports: number[], what: string, progress: (line: string) => void): Promise<void> {
  const deadline = Date.now() + PORT_WAIT_MS;
  for (;;) {
    const taken = await takenPorts(ports);
    if (taken.length === 0) return;
    if (Date.now() > deadline) throw new Error(`port ${taken.join(', ')} stayed in use for ${PORT_WAIT_MS / 60_000} min; ${what} cannot start`);
    progress(`port ${taken.join(', ')} is in use by another process; waiting to start ${what}`);
    await sleep(PORT_POLL_MS);
  }
}

/**
 * The services the bench runs against: Kafka always, DynamoDB Local and `serverless offline`
 * only when a scenario asks for them. Each is reused when already running, and `stopAll` stops
 * only what the bench started.
 */
export class BenchServices {
  private readonly stops: (() => Promise<unknown>)[] = [];
  private offlineServer: Promise<OfflineServer> | undefined;
  private dynamodb: Promise<string> | undefined;

  constructor(private readonly progress: (line: string) => void) {}

  async kafka(): Promise<{ brokers: string[]; brokerCount: number }> {
    if (!process.env.KAFKA_BROKERS && !kafkaStatus()) await untilPortsFree([KAFKA_BASE_PORT], 'Kafka', this.progress);
    const { cluster, startedHere } = await kafkaUp({ progress: (line) => this.progress(`kafka: ${line}`) });
    if (startedHere) this.stops.push(() => kafkaDown({ progress: (line) => this.progress(`kafka: ${line}`) }));
    this.progress(`Kafka ${cluster.kafkaVersion} (${cluster.runtime}, ${startedHere ? 'started' : 'reused'}) at ${cluster.bootstrapServers.join(',')}`);
    return { brokers: cluster.bootstrapServers, brokerCount: cluster.brokers };
  }

  /** DynamoDB Local's endpoint, started on first use. */
  dynamodbEndpoint(): Promise<string> {
    this.dynamodb ??= (async () => {
      if (!process.env.DYNAMODB_ENDPOINT && !dynamodbStatus()) await untilPortsFree([DYNAMODB_LOCAL_PORT], 'DynamoDB Local', this.progress);
      const { instance, startedHere } = await dynamodbUp({ progress: (line) => this.progress(`dynamodb: ${line}`) });
      if (startedHere) this.stops.push(() => dynamodbDown());
      return instance.endpoint;
    })();
    return this.dynamodb;
  }

  /** `serverless offline` for this service, started on first use, producing to `brokers`. */
  offline(brokers: string[]): Promise<OfflineServer> {
    this.offlineServer ??= (async () => {
      await untilPortsFree([OFFLINE_HTTP_PORT, OFFLINE_LAMBDA_PORT], 'serverless offline', this.progress);
      this.progress('starting serverless offline (serverless-esbuild bundles the functions)');
      const server = await startOffline({ ...process.env, KAFKA_BROKERS: brokers.join(',') }, () => undefined);
      this.stops.push(() => server.stop());
      return server;
    })();
    return this.offlineServer;
  }

  /**
   * Stops `serverless offline` until the next `offline()`, so an idle server (its worker threads,
   * its file watcher) takes no CPU from the baselines measured without it.
   */
  async stopOffline(): Promise<void> {
    const server = this.offlineServer;
    this.offlineServer = undefined;
    if (server) await (await server).stop();
  }

  /** Stops, newest first, what the bench started. */
  async stopAll(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) {
      await stop().catch((error: Error) => this.progress(`while stopping: ${error.message}`));
    }
  }
}

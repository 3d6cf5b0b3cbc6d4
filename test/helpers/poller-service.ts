import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { AppendedLines } from '../../local/appended-lines';
import { BEHAVIOUR_ENV, type Delivery, type HandlerBehaviour } from '../fixtures/poller-service/behaviour';
import { testBrokers, uniqueName } from './kafka';
import { killRunningPollers, PollerProcess } from './poller-process';
import { waitUntil } from './wait';

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const HANDLER_MODULE = path.join(PROJECT_ROOT, 'test/fixtures/poller-service/handler');
export const TEST_CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/poller-test/00000000-0000-0000-0000-000000000000-1';
const FUNCTION_NAME = 'consume';
/** The event setting AWS requires before a mapping may use the error-handling controls. */
export const PROVISIONED_MODE = { provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1 } };
/** Retries start this soon, so tests that fail on purpose stay fast. */
const RETRY_BASE_MS = 50;
const serviceDirs = new Set<string>();

export interface PollerServiceOptions {
  topic: string;
  /** Unique by default. It prefixes the poller's group member id, so it orders the members of a group. */
  serviceName?: string;
  source?: 'msk' | 'kafka';
  /** Merged over the event's defaults (batch size 100, 1 s window, TRIM_HORIZON, a unique group). */
  event?: Record<string, unknown>;
  /** `custom.eventSourceMappings.consume`: the settings the event cannot express. */
  mapping?: Record<string, unknown>;
  timeoutSeconds?: number;
  behaviour?: Omit<HandlerBehaviour, 'topic' | 'eventsFile' | 'stateDir'>;
  /** The status endpoint's port; 0 (the default) turns it off. */
  statusPort?: number;
  lagIntervalSeconds?: number;
  /** The function's handler module (a path without extension): the poller test handler by default. */
  handlerModule?: string;
  /** More variables for the function's environment, beside the behaviour. */
  environment?: Record<string, string>;
  /** The cluster the poller reads: the test broker by default. */
  brokers?: string[];
  /** More options for the poller CLI (`--no-reload`, `--inspect=<port>`). */
  cliArgs?: string[];
}

/**
 * A temporary Serverless service with one function, `consume`, on the test handler
 * (test/fixtures/poller-service/handler.ts), whose behaviour the test sets. `start()` runs the
 * poller CLI on it against the test broker; `cleanUpPollerServices()` kills what is left.
 */
export class PollerService {
  readonly dir: string;
  readonly eventsFile: string;
  readonly groupId: string;
  readonly configPath: string;
  readonly #events: AppendedLines;
  #deliveries: Delivery[] = [];

  constructor(readonly options: PollerServiceOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poller-service-'));
    serviceDirs.add(this.dir);
    this.eventsFile = path.join(this.dir, 'events.jsonl');
    this.#events = new AppendedLines(this.eventsFile);
    this.configPath = path.join(this.dir, 'serverless.yml');
    const stateDir = path.join(this.dir, 'invocations');
    fs.mkdirSync(stateDir);
    const event = { ...this.defaultEvent(), ...options.event };
    this.groupId = String(event.consumerGroupId);
    const behaviour: HandlerBehaviour = { ...options.behaviour, topic: options.topic, eventsFile: this.eventsFile, stateDir };
    fs.writeFileSync(this.configPath, stringify(this.serverlessYml(event, behaviour)));
  }

  private defaultEvent(): Record<string, unknown> {
    const cluster =
      this.options.source === 'kafka'
        ? { bootstrapServers: this.brokers(), accessConfigurations: { saslScram512Auth: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:local' } }
        : { arn: TEST_CLUSTER_ARN };
    return { ...cluster, topic: this.options.topic, batchSize: 100, maximumBatchingWindow: 1, startingPosition: 'TRIM_HORIZON', consumerGroupId: uniqueName('poller-group') };
  }

  private brokers(): string[] {
    return this.options.brokers ?? testBrokers();
  }

  private serverlessYml(event: Record<string, unknown>, behaviour: HandlerBehaviour): Record<string, unknown> {
    const { source = 'msk', mapping, timeoutSeconds = 10, serviceName = uniqueName('poller-test'), handlerModule = HANDLER_MODULE } = this.options;
    return {
      service: serviceName,
      frameworkVersion: '4',
      provider: { name: 'aws', runtime: 'nodejs24.x', stage: 'test', region: 'us-east-1' },
      functions: {
        [FUNCTION_NAME]: {
          handler: `${path.relative(this.dir, handlerModule)}.handler`,
          timeout: timeoutSeconds,
          environment: { ...this.options.environment, [BEHAVIOUR_ENV]: JSON.stringify(behaviour) },
          events: [{ [source]: event }],
        },
      },
      ...(mapping && { custom: { eventSourceMappings: { [FUNCTION_NAME]: mapping } } }),
    };
  }

  /** Starts the poller CLI without waiting for it to poll. */
  spawn(): PollerProcess {
    const child = spawn(
      process.execPath,
      [
        '--import', 'tsx', 'local/poller/cli.ts', '--config', this.configPath,
        '--status-port', String(this.options.statusPort ?? 0),
        '--lag-interval', String(this.options.lagIntervalSeconds ?? 30),
        '--retry-base-ms', String(RETRY_BASE_MS),
        ...(this.options.cliArgs ?? []),
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, KAFKA_BROKERS: this.brokers().join(',') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    return new PollerProcess(child);
  }

  /** Starts the poller CLI and waits until it has joined its group and polls. */
  async start(): Promise<PollerProcess> {
    const poller = this.spawn();
    await waitUntil(
      'the poller polls',
      () => {
        if (poller.exitStatus) throw new Error(`the poller exited with code ${poller.exitStatus.code} before polling:\n${poller.stderr}`);
        return poller.lines.some((line) => line.message === 'polling');
      },
      30_000,
    );
    return poller;
  }

  /** Every invocation the handler saw so far, in the order they started. */
  deliveries(): Delivery[] {
    const added = this.#events.read().map((line) => JSON.parse(line) as Delivery);
    if (added.length > 0) this.#deliveries = [...this.#deliveries, ...added].sort((a, b) => a.invocation - b.invocation);
    return [...this.#deliveries];
  }
}

/** Kills every poller a test left running and removes the services' temporary folders. */
export async function cleanUpPollerServices(): Promise<void> {
  await killRunningPollers();
  for (const dir of serviceDirs) fs.rmSync(dir, { recursive: true, force: true });
  serviceDirs.clear();
}

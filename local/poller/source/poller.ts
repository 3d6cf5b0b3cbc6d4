import { Partitioners, type Admin, type Kafka, type Producer } from 'kafkajs';
import { registerKafkaCodecs } from '../codecs';
import { MappingDelivery } from '../delivery/mapping-delivery';
import { PipelineEvents } from '../delivery/pipeline-events';
import { eventSourceOf } from '../event/event-builder';
import type { PollerLog } from '../log';
import { runSettings, type RunSettings } from '../run-settings';
import type { LambdaFunction } from '../runtime/function-runtime';
import { createSchemaDecoder, type SchemaDecoder } from '../schema';
import type { EsmSettings } from '../settings/esm-settings';
import { FetchIntake } from './fetch-intake';
import { GroupConsumer } from './group-consumer';
import { MappingState, type PartitionStatus } from './mapping-state';
import { partitionStatus } from './partition-status';
import { pollingProblem } from './polling-problem';
import { pinStartingPosition } from './starting-position';

export interface PollerOptions {
  kafka: Kafka;
  fn: LambdaFunction;
  settings: EsmSettings;
  groupId: string;
  bootstrapServers: string;
  log: PollerLog;
  /** How this process runs its mappings (retry backoff, reloading); AWS's defaults when left out. */
  run?: RunSettings;
  /** The mapping's state, kept from before it connected; a new one when left out. */
  state?: MappingState;
  /** What the mapping tells its watchers (metrics, the console, the log); subscribe before `start`. */
  events?: PipelineEvents;
}

/**
 * One event source mapping, its stages in a line: the group consumer fetches, the intake decodes,
 * filters and queues, the delivery batches, encodes, invokes, settles and commits. This holds
 * them together with the mapping's Kafka clients (the admin that pins the starting position and
 * answers `status`, the producer of its on-failure topic) and its state.
 */
export class Poller {
  readonly state: MappingState;
  readonly events: PipelineEvents;
  private readonly consumer: GroupConsumer;
  private readonly admin: Admin;
  private producer: Producer | undefined;
  private readonly delivery: MappingDelivery;
  /** Only for a mapping with a SchemaRegistryConfig (set by `start`). */
  private schemaDecoder: SchemaDecoder | undefined;
  private readonly abort = new AbortController();
  private stopping = false;

  constructor(private readonly options: PollerOptions) {
    const { kafka, settings, fn } = options;
    registerKafkaCodecs();
    this.state = options.state ?? new MappingState();
    this.events = options.events ?? new PipelineEvents();
    this.admin = kafka.admin();
    this.delivery = new MappingDelivery({
      settings,
      fn,
      source: eventSourceOf(settings, options.bootstrapServers),
      kafka: {
        commitOffsets: (offsets) => this.consumer.commitOffsets(offsets),
        pause: (topic, partition) => this.consumer.pause(topic, partition),
        resume: (topic, partition) => this.consumer.resume(topic, partition),
        produce: async (topic, messages) => {
          this.producer ??= kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
          await this.producer.connect();
          await this.producer.send({ topic, acks: -1, messages });
        },
      },
      run: options.run ?? runSettings(),
      log: options.log,
      events: this.events,
    });
    const intake = new FetchIntake({
      settings,
      delivery: this.delivery,
      events: this.events,
      decoder: () => this.schemaDecoder,
      assignment: () => this.consumer.assignment,
      stopping: () => this.stopping,
    });
    this.consumer = new GroupConsumer({
      kafka,
      settings,
      groupId: options.groupId,
      eachBatch: (payload) => intake.eachBatch(payload),
      skippedOnly: (batch) => intake.skippedOnly(batch),
      assigned: (partitions) => {
        this.events.emit('rebalanced', { partitions });
        this.delivery.rebalanced(new Set(partitions.map((partition) => `${settings.topic}-${partition}`)));
      },
      fetched: () => this.state.polled(this.logFields()),
      cannotPoll: (cause, details) => this.cannotPoll(cause, details),
    });
    // A batch that reached the function (whatever it answered) shows the mapping processes records.
    this.events.on('invoked', () => this.state.processed(this.logFields()));
  }

  /** kafkajs's ERROR log entries from this mapping's clients: those that mean it cannot poll become its problem. */
  kafkaError(message: string, fields: Record<string, unknown>): void {
    const cause = pollingProblem(message, fields, this.options.settings.topic);
    if (cause) this.cannotPoll(cause);
  }

  private logFields(): Record<string, unknown> {
    const { topic } = this.options.settings;
    return { partitions: this.consumer.assigned.map((partition) => `${topic}-${partition}`) };
  }

  /** Counted on every retry; the state tells its watchers once per cause. */
  private cannotPoll(cause: string, details: Record<string, unknown> = {}): void {
    if (this.stopping) return;
    this.events.emit('pollingError', { cause });
    this.state.failed(cause, { ...this.logFields(), ...details });
  }

  async start(): Promise<void> {
    const { settings, fn, groupId, log } = this.options;
    const { retryBackoffMs } = this.options.run ?? runSettings();
    if (settings.schemaRegistry) {
      this.schemaDecoder = await createSchemaDecoder(settings.schemaRegistry, fn.region, {
        onUnavailable: (cause) => {
          this.events.emit('schemaRegistryError', { records: 1 });
          this.cannotPoll(cause);
        },
        signal: this.abort.signal,
        retryBaseMs: retryBackoffMs.base,
        retryMaxMs: retryBackoffMs.max,
      });
    }
    await this.admin.connect();
    await pinStartingPosition(this.admin, settings, groupId, log);
    await this.consumer.run();
    this.state.enabled();
  }

  /** Offset lag per partition, and what waits in each; `unknown` when the broker does not answer in time. */
  status(): Promise<PartitionStatus[] | 'unknown'> {
    return partitionStatus(this.admin, this.options.settings.topic, this.options.groupId, (partition) => this.delivery.queue(partition));
  }

  /**
   * Stops fetching, lets invocations in flight finish (each bounded by the function timeout),
   * commits what they processed, and leaves the group. Retries waiting for their backoff are
   * abandoned uncommitted, so their records are delivered again after a restart.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.state.disabling();
    this.abort.abort();
    this.consumer.stopFetching();
    await this.delivery.drain();
    await this.consumer.leave();
    await this.producer?.disconnect();
    await this.admin.disconnect();
    this.schemaDecoder?.close();
    await this.delivery.close();
    this.state.disabled();
  }
}

import type { SystemLogLevel } from './aws-limits';
import type { MetricGroupStates, MetricName } from './metrics';
import type { QueueStatus } from './queue/queue-status';
import type { MappingStateName, PartitionStatus, ProcessingResult } from './source/mapping-state';

/** One mapping as `GET /status`, the console and the lag lines show it. */
export interface MappingStatus {
  function: string;
  topic: string;
  groupId: string;
  /** AWS's words: `Enabled` while it runs. */
  state: MappingStateName;
  /** AWS's words: `No records processed`, `OK`, or `PROBLEM: <cause>`. */
  lastProcessingResult: ProcessingResult;
  /** `unknown` when the broker did not answer in time. */
  partitions: PartitionStatus[] | 'unknown';
  totalLag: number | 'unknown';
  /** AWS's per-mapping metrics of the groups `metricGroups` has on; the lag ones are absent when the lag is unknown. */
  metrics: Partial<Record<MetricName, number>>;
  /** `MetricsConfig.Metrics`: each group on or off; AWS publishes nothing of an off group. */
  metricGroups: MetricGroupStates;
  /** `ProvisionedPollerConfig.PollerGroupName`, when the mapping shares a poller group. */
  pollerGroupName?: string;
  /** `LoggingConfig.SystemLogLevel`, when set: the mapping's log lines follow it. */
  systemLogLevel?: SystemLogLevel;
  /** A Queue mapping's share group and acknowledgements (ConsumptionMode: Queue). */
  queue?: QueueStatus;
}

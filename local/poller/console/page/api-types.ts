/** The shapes the console's API answers with (local/poller/console/console-server.ts). */
export type Shown = { json: unknown } | { text: string } | { base64: string } | null;

export interface PartitionStatus { partition: number; committed: number; highWatermark: number; lag: number; queued: number; inFlight: boolean }
export interface MappingStatus {
  function: string;
  topic: string;
  groupId: string;
  state: string;
  lastProcessingResult: string;
  partitions: PartitionStatus[] | 'unknown';
  totalLag: number | 'unknown';
  metrics: Record<string, number>;
  /** `MetricsConfig.Metrics`: each group `on` or `off`. */
  metricGroups: Record<string, 'on' | 'off'>;
  pollerGroupName?: string;
  systemLogLevel?: string;
  /** Only for a Queue mapping (ConsumptionMode: Queue). */
  queue?: QueueStatus;
}
export interface QueueStatus {
  shareGroupState: string;
  shareGroupMembers: number | 'unknown';
  partitions: number[];
  counts: Record<string, number>;
  lockDurationMs: number | 'unknown';
  deliveryAttemptLimit: number;
  functionTimeoutMs: number;
  notDocumentedByAws: string[];
}
export interface LagSample { at: number; partitions: Record<string, number> }
export interface Invocation {
  requestId: string; function: string; startedAt: string; partitions: string[]; firstOffset: number; lastOffset: number;
  records: number; bytes: number; durationMs: number; outcome: string; attempt: number; errorType?: string; errorMessage?: string;
}
export interface State {
  mappings: { key: string; settings: Record<string, unknown> }[];
  status: MappingStatus[];
  lag: Record<string, LagSample[]>;
  invocations: Invocation[];
  deadLetterTopics: string[];
}
export interface DeadLetter {
  topic: string; partition: number; offset: number; timestamp: number; reason: string; source?: string; canSendAgain: boolean; originalValue?: Shown;
  shown: { key: Shown; value: Shown; headers: Record<string, Shown> };
}
export interface ShownRecord { partition: number; offset: number; timestamp: number; key: Shown; value: Shown; headers: Record<string, Shown> }

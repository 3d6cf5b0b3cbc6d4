/**
 * The per-mapping metrics AWS publishes when a mapping's `MetricsConfig.Metrics` lists
 * `EventCount`, `ErrorCount` and `KafkaMetrics`, by AWS's names; docs/console-and-metrics.md says what each counts here.
 */
export const EVENT_COUNTS = [
  'PolledEventCount',
  'FilteredOutEventCount',
  'InvokedEventCount',
  'FailedInvokeEventCount',
  'DroppedEventCount',
  'OnFailureDestinationDeliveredEventCount',
  'CommittedEventCount',
] as const;

export const ERROR_COUNTS = [
  'PollingErrorCount',
  'InvokeErrorCount',
  'OnFailureDestinationDeliveryErrorCount',
  'SchemaRegistryErrorCount',
  'CommitErrorCount',
] as const;

export const LAG_METRICS = ['MaxOffsetLag', 'SumOffsetLag'] as const;

export type CountName = (typeof EVENT_COUNTS)[number] | (typeof ERROR_COUNTS)[number];
export type LagName = (typeof LAG_METRICS)[number];

export const HELP: Record<CountName | LagName, string> = {
  PolledEventCount: 'Records the mapping read from its topic.',
  FilteredOutEventCount: 'Records its filter criteria left out.',
  InvokedEventCount: 'Records the function was invoked with (each retry counts again).',
  FailedInvokeEventCount: 'Records of invocations that ended in a function error or timeout.',
  DroppedEventCount: 'Records given up on (retries exhausted, too old, too large) that no on-failure destination received.',
  OnFailureDestinationDeliveredEventCount: 'Records written to the on-failure destination.',
  CommittedEventCount: 'Offsets the mapping committed past (filtered-out records included).',
  PollingErrorCount: 'Errors that kept the mapping from polling (broker unreachable, topic gone, auth refused).',
  InvokeErrorCount: 'Invocations that ended in a function error or timeout.',
  OnFailureDestinationDeliveryErrorCount: 'Failed writes to the on-failure destination (each is retried).',
  SchemaRegistryErrorCount: 'Records whose schema could not be fetched or applied.',
  CommitErrorCount: 'Offset commit requests the broker refused or did not answer.',
  MaxOffsetLag: 'The largest offset lag among the mapping’s partitions.',
  SumOffsetLag: 'The offset lag of all the mapping’s partitions together.',
};

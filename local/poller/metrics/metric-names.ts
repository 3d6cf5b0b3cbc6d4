import { METRIC_GROUP_NAMES, METRIC_GROUPS, type MetricGroup } from '../aws-limits';

/**
 * The per-mapping metrics AWS publishes when a mapping's `MetricsConfig.Metrics` lists
 * `EventCount`, `ErrorCount` and `KafkaMetrics`, by AWS's names, grouped as `METRIC_GROUPS`
 * (aws-limits) groups them; docs/console-and-metrics.md says what each counts here.
 */
export const EVENT_COUNTS = METRIC_GROUPS.EventCount;
export const ERROR_COUNTS = METRIC_GROUPS.ErrorCount;
export const LAG_METRICS = METRIC_GROUPS.KafkaMetrics;

export type CountName = (typeof EVENT_COUNTS)[number] | (typeof ERROR_COUNTS)[number];
export type LagName = (typeof LAG_METRICS)[number];
export type MetricName = CountName | LagName;

/** Each metric group of a mapping: `on` when its `MetricsConfig.Metrics` lists it, else `off`, as AWS publishes none of its metrics then. */
export type MetricGroupStates = Record<MetricGroup, 'on' | 'off'>;

export function metricGroupStates(enabled: readonly MetricGroup[]): MetricGroupStates {
  return Object.fromEntries(METRIC_GROUP_NAMES.map((group) => [group, enabled.includes(group) ? 'on' : 'off'])) as MetricGroupStates;
}

/** The metrics the enabled groups hold. */
export function enabledMetrics(enabled: readonly MetricGroup[]): ReadonlySet<MetricName> {
  return new Set(enabled.flatMap((group): readonly MetricName[] => METRIC_GROUPS[group]));
}

/** Whether `/metrics` shows a group for a mapping; the value is 1 or 0. */
export const METRIC_GROUP_GAUGE = 'lambda_event_source_mapping_metric_group_enabled';
export const METRIC_GROUP_HELP = '1 when the mapping’s MetricsConfig.Metrics lists the group, 0 when it is off (AWS then publishes none of its metrics).';

/** Where Prometheus's conventions name what AWS's name says: a prefix, snake case, `_total` on a counter, the unit last. */
const PREFIX = 'lambda_event_source_mapping_';

/** Each metric's name on `/metrics`; the status JSON keeps AWS's. */
export const PROMETHEUS_NAMES: Record<CountName | LagName, string> = {
  PolledEventCount: `${PREFIX}polled_events_total`,
  FilteredOutEventCount: `${PREFIX}filtered_out_events_total`,
  InvokedEventCount: `${PREFIX}invoked_events_total`,
  FailedInvokeEventCount: `${PREFIX}failed_invoke_events_total`,
  DroppedEventCount: `${PREFIX}dropped_events_total`,
  OnFailureDestinationDeliveredEventCount: `${PREFIX}on_failure_destination_delivered_events_total`,
  CommittedEventCount: `${PREFIX}committed_events_total`,
  PollingErrorCount: `${PREFIX}polling_errors_total`,
  InvokeErrorCount: `${PREFIX}invoke_errors_total`,
  OnFailureDestinationDeliveryErrorCount: `${PREFIX}on_failure_destination_delivery_errors_total`,
  SchemaRegistryErrorCount: `${PREFIX}schema_registry_errors_total`,
  CommitErrorCount: `${PREFIX}commit_errors_total`,
  MaxOffsetLag: `${PREFIX}max_offset_lag_records`,
  SumOffsetLag: `${PREFIX}sum_offset_lag_records`,
};

/** A `HELP` line: what it counts, then AWS's CloudWatch name, so a dashboard can be matched to AWS's. */
export function prometheusHelp(name: CountName | LagName): string {
  return `${HELP[name]} AWS: ${name}.`;
}

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

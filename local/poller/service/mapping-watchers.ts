import type { InvocationHistory } from '../console/invocation-history';
import { invocationSummary } from '../delivery/invocation-summary';
import type { PipelineEvents } from '../delivery/pipeline-events';
import type { PollerLog } from '../log';
import type { MappingMetrics } from '../metrics';
import type { StateChange } from '../source/mapping-state';

export interface MappingWatchers {
  functionName: string;
  log: PollerLog;
  metrics: MappingMetrics;
  invocations: InvocationHistory;
}

/**
 * Those who watch a mapping, subscribed to what its pipeline tells: the metrics count, the
 * console's history keeps the latest invocations, the log writes a line. The pipeline knows none of them.
 */
export function watchMapping(events: PipelineEvents, { functionName, log, metrics, invocations }: MappingWatchers): void {
  const fn = { function: functionName };
  events.on('polled', ({ topic, partition, firstOffset, records, filteredOut }) => metrics.polled(topic, partition, firstOffset, records, filteredOut));
  events.on('rebalanced', () => metrics.rebalanced());
  events.on('invoking', ({ requestId, payload }) => invocations.invoking(requestId, payload));
  events.on('invoked', (invocation) => {
    metrics.invoked(invocation);
    invocations.finished(invocation);
    log.info('invocation', { ...invocationSummary(functionName, invocation) });
  });
  events.on('dropped', ({ offsets, condition, destination }) => {
    metrics.dropped(offsets.length);
    log.warn('records dropped', { ...fn, condition, offsets, destination });
  });
  events.on('sentToDestination', ({ offsets, condition, destination }) => {
    metrics.deliveredToOnFailureDestination(offsets.length);
    log.warn('records sent to on-failure destination', { ...fn, condition, offsets, destination });
  });
  events.on('destinationError', ({ attempt, error }) => {
    metrics.onFailureDestinationError();
    log.warn('on-failure destination unavailable, retrying', { attempt, error: error.message });
  });
  events.on('committed', ({ offsets }) => metrics.committed(offsets));
  events.on('commitError', ({ error, offsets, retrying }) => {
    metrics.commitError();
    log.warn('offset commit failed', { offsets, error: error.message, retrying });
  });
  events.on('pollingError', () => metrics.pollingError());
  events.on('schemaRegistryError', ({ records }) => metrics.schemaRegistryError(records));
  events.on('undecodable', ({ reason, errors }) => log.warn('records not decoded', { ...fn, reason, errors }));
}

/** The log's lines for a mapping's state: a problem once when it begins, and when polling works again. */
export function logStateChanges(log: PollerLog, functionName: string, topic: string): (change: StateChange) => void {
  return ({ kind, lastProcessingResult, details }) => {
    const fields = { function: functionName, topic, ...details, lastProcessingResult };
    if (kind === 'problem') log.error('mapping cannot poll', fields);
    else log.info('mapping polls again', fields);
  };
}

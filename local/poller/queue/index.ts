export { QueuePoller, type QueuePollerOptions } from './queue-poller';
export { NOT_DOCUMENTED_BY_AWS, type QueueStatus } from './queue-status';
export type { QueueCounts } from './queue-counts';
export { QueueMetrics } from './queue-metrics';

/** Per-mapping metrics by AWS's names, counted by delivery, served as status JSON and Prometheus text. */
export { MappingMetrics, type MappingCounts } from './mapping-metrics';
export { MetricsRegistry } from './metrics-registry';
export { ERROR_COUNTS, EVENT_COUNTS, HELP, LAG_METRICS, metricGroupStates, PROMETHEUS_NAMES, type CountName, type LagName, type MetricGroupStates, type MetricName } from './metric-names';

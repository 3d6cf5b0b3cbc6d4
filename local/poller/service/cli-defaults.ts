/** Where a running poller answers `GET /status` on 127.0.0.1 (`npm run poller -- status`). */
export const DEFAULT_STATUS_PORT = 3004;

/** Brokers when KAFKA_BROKERS is unset: one on this machine, on Kafka's default port. */
export const DEFAULT_BROKERS = '127.0.0.1:9092';

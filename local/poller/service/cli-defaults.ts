/** Where a running poller answers `GET /status` on 127.0.0.1 (`npm run poller -- status`). */
export const DEFAULT_STATUS_PORT = 3004;

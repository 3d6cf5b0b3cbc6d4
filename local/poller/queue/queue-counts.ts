/** What a Queue mapping's share consumer did with records, for the status, /metrics and the console. */
export interface QueueCounts {
  /** Records the broker handed this poller under an acquisition lock, re-deliveries included. */
  acquired: number;
  /** Acquired and not yet acknowledged: being invoked, or waiting to be. */
  inFlight: number;
  accepted: number;
  released: number;
  rejected: number;
  /** Lock renewals sent for records whose invocation outlasted half the lock. */
  renewed: number;
}

export function emptyQueueCounts(): QueueCounts {
  return { acquired: 0, inFlight: 0, accepted: 0, released: 0, rejected: 0, renewed: 0 };
}

interface RequestQueue {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for a queue that waits on in-flight requests (src/network/requestQueue). */
const CHECK_PENDING_REQUESTS_INTERVAL = 10;

/**
 * Required as this module loads, not when the clamp is first asked for: where modules have more
 * than one registry (Jest's `isolateModules`), a later `require` could reach another copy of
 * kafkajs than the one loaded beside this module, and leave this one unclamped.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue };

let done = false;

/**
 * kafkajs 2.2.4's request queue schedules its throttle check in `throttledUntil - Date.now()` ms,
 * `throttledUntil` being -1 until a broker throttles: a timer of minus the epoch after most
 * responses. Node.js has always run such a timer after 1 ms; from Node 23 it also prints a
 * `TimeoutNegativeWarning` for it, once per process. This gives the method the same delay, clamped
 * to that 1 ms before `setTimeout` sees it, so the queue behaves as before and nothing is printed.
 * It replaces kafkajs's method with its own body plus the clamp (for every kafkajs client in the
 * process, bundled or not): remove it with a kafkajs release that fixes the delay.
 */
export function quietKafkajsTimers(): void {
  if (done) return;
  done = true;
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueue): void {
    if (this.throttleCheckTimeoutId) return;
    let delay = this.throttledUntil - Date.now();
    if (this.pending.length > 0 && delay <= 0) delay = CHECK_PENDING_REQUESTS_INTERVAL;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, Math.max(1, delay));
  };
}

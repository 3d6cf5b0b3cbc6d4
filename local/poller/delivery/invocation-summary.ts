import type { InvokeOutcome } from '../runtime/function-runtime';
import type { InvocationReport } from './batch-runner';

/** One invocation in a line: what the log says of it and the console lists. */
export interface InvocationSummary extends Pick<InvocationReport, 'requestId' | 'partitions' | 'firstOffset' | 'lastOffset' | 'records' | 'bytes' | 'attempt'> {
  function: string;
  durationMs: number;
  outcome: InvokeOutcome['status'];
  errorType?: string;
  errorMessage?: string;
}

export function invocationSummary(functionName: string, invocation: InvocationReport): InvocationSummary {
  const { outcome } = invocation;
  return {
    function: functionName,
    requestId: invocation.requestId,
    partitions: invocation.partitions,
    firstOffset: invocation.firstOffset,
    lastOffset: invocation.lastOffset,
    records: invocation.records,
    bytes: invocation.bytes,
    durationMs: outcome.durationMs,
    outcome: outcome.status,
    ...(outcome.status !== 'success' && { errorType: outcome.errorType, errorMessage: outcome.errorMessage }),
    attempt: invocation.attempt,
  };
}

/** Messages between the poller and a function's worker thread. */

export interface WorkerInit {
  handlerFile: string;
  exportName: string;
  functionName: string;
  memorySize: number;
  region: string;
}

export interface InvokeRequest {
  requestId: string;
  /** The event as UTF-8 JSON, as Lambda's runtime receives it; its buffer is transferred, not copied. */
  payload: Uint8Array;
  /** Epoch ms when the function times out, for `context.getRemainingTimeInMillis()`. */
  deadline: number;
}

export type InvokeReply =
  | { requestId: string; ok: true; response: unknown }
  | { requestId: string; ok: false; errorType: string; errorMessage: string; trace: string[] };

/** The unqualified ARN a function goes by locally: its region and name, in account 000000000000. */
export function functionArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
}

/** Messages between the poller and a function's worker thread. */

export interface WorkerInit {
  handlerFile: string;
  exportName: string;
  functionName: string;
  memorySize: number;
  region: string;
  accountId: string;
  /** From nodejs24.x: a callback-style handler fails init, and the context has no callback members. */
  callbackHandlersRemoved: boolean;
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

/** The account in ARNs when nothing names one: AWS's placeholder in its own examples. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The unqualified ARN a function goes by locally. */
export function functionArn(region: string, accountId: string | undefined, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId ?? LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

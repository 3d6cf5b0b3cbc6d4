import type { HttpCase } from './http-cases';

export interface HttpResult {
  /** 0 when no answer came (connection refused, timed out). */
  status: number;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

/** POSTs one case to `url`, waiting at most `timeoutMs` for the answer. */
export async function post(url: string, request: HttpCase, timeoutMs = 30_000): Promise<HttpResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      // Bytes, never a string: for a string fetch would add its own `text/plain` content type.
      body: typeof request.body === 'string' ? Buffer.from(request.body) : request.body,
      headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json };
  } catch {
    return { status: 0, json: undefined };
  }
}

/** A JSON error as the API (and serverless-offline's own 413) writes it: an object with an `error` string. */
export function isJsonError(result: HttpResult): boolean {
  return typeof result.json === 'object' && result.json !== null && typeof (result.json as { error?: unknown }).error === 'string';
}

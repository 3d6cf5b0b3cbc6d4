/** Where in the body a problem is (`text`, `[3].text`, or `` for the body itself) and what it is. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * A failure whose status, message and details are safe to send to the client: bad input or a
 * service that may come back. Anything else thrown becomes a generic 500.
 */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly details: readonly ErrorDetail[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    statusCode: number,
    message: string,
    options: ErrorOptions & { details?: readonly ErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, details: readonly ErrorDetail[], options?: ErrorOptions) {
    super(400, message, { ...options, details });
    this.name = 'BadRequestError';
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(maxBytes: number) {
    super(413, 'Request body too large', { details: [{ path: '', message: `must be at most ${maxBytes} bytes` }] });
    this.name = 'PayloadTooLargeError';
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(mediaType: string) {
    super(415, 'Unsupported content type', {
      details: [{ path: '', message: `content type ${mediaType} is not accepted: send application/json` }],
    });
    this.name = 'UnsupportedMediaTypeError';
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(message: string, retryAfterSeconds: number, options?: ErrorOptions) {
    super(503, message, { ...options, headers: { 'retry-after': String(retryAfterSeconds) } });
    this.name = 'ServiceUnavailableError';
  }
}

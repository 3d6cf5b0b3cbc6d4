import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, type ErrorDetail } from './http-error';
import { messageArrayInputSchema, messageInputSchema, type MessageInput } from './message-schema';

export const MAX_BODY_BYTES = 256 * 1024;
/** A 256 KiB body of bad items could name thousands of problems; the first few say enough. */
export const MAX_ERROR_DETAILS = 20;

/** `batch` says whether the client sent an array, so the answer has the same shape. */
export interface MessageRequest {
  batch: boolean;
  messages: MessageInput[];
}

type HttpRequest = Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>;

const FORM = 'application/x-www-form-urlencoded';
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseMessageRequest(request: HttpRequest): MessageRequest {
  const mediaType = contentType(request.headers);
  if (mediaType !== undefined && !isJson(mediaType) && mediaType !== FORM) throw new UnsupportedMediaTypeError(mediaType);

  const bytes = Buffer.from(bodyText(request.body), request.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);

  const body = parseJson(bytes);
  // `curl -d` labels every body as a form. A form is never valid JSON, so a form-typed body that
  // parses as JSON is what the client meant; anything else under that type is a real form.
  if (body === undefined) {
    if (mediaType === FORM) throw new UnsupportedMediaTypeError(mediaType);
    throw new BadRequestError('Malformed JSON', [
      { path: '', message: bytes.length === 0 ? 'must not be empty' : 'is not valid JSON' },
    ]);
  }
  return validate(body.value);
}

// API Gateway always passes the body as text. serverless-offline passes a JSON body that parses to
// `0` or `false` as that number or boolean (and an empty one as null): read those as their text.
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  return typeof body === 'number' || typeof body === 'boolean' ? String(body) : '';
}

// The media type, lower case and without parameters; undefined when the client sent none.
function contentType(headers: HttpRequest['headers']): string | undefined {
  const name = Object.keys(headers ?? {}).find((header) => header.toLowerCase() === 'content-type');
  const value = name === undefined ? undefined : headers[name];
  const mediaType = value?.split(';')[0]?.trim().toLowerCase();
  return mediaType ? mediaType : undefined;
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || /^application\/[^/\s]+\+json$/.test(mediaType);
}

function parseJson(bytes: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(utf8.decode(bytes)) as unknown };
  } catch {
    return undefined;
  }
}

function validate(body: unknown): MessageRequest {
  if (Array.isArray(body)) {
    const result = messageArrayInputSchema.safeParse(body);
    if (!result.success) throw invalid(result.error);
    return { batch: true, messages: result.data };
  }
  const result = messageInputSchema.safeParse(body);
  if (!result.success) throw invalid(result.error);
  return { batch: false, messages: [result.data] };
}

function invalid(error: z.core.$ZodError): BadRequestError {
  const details = error.issues.flatMap((issue): ErrorDetail[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
  return new BadRequestError('Invalid request body', details.slice(0, MAX_ERROR_DETAILS));
}

// `[3, 'text']` → `[3].text`, as a client would write it in JavaScript.
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}

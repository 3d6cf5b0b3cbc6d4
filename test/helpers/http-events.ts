import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export type HttpFixture =
  | 'single-message'
  | 'batch'
  | 'malformed-json'
  | 'wrong-types'
  | 'empty-text'
  | 'oversized-text'
  | 'body-300kib'
  | 'text-plain'
  | 'curl-form'
  | 'base64-body';

const fixtures = new Map<HttpFixture, APIGatewayProxyEventV2>();

/** An HTTP API v2 event from test/fixtures/http; a fresh copy each call, so a test may change it. */
export function httpEvent(name: HttpFixture): APIGatewayProxyEventV2 {
  let event = fixtures.get(name);
  if (!event) {
    const file = path.join(__dirname, '..', 'fixtures', 'http', `${name}.json`);
    event = JSON.parse(readFileSync(file, 'utf8')) as APIGatewayProxyEventV2;
    fixtures.set(name, event);
  }
  return structuredClone(event);
}

/** `event` with `body` as its (plain, not base64) body and the given content type. */
export function withBody(event: APIGatewayProxyEventV2, body: string, contentType = 'application/json'): APIGatewayProxyEventV2 {
  return { ...event, body, isBase64Encoded: false, headers: { ...event.headers, 'content-type': contentType } };
}

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError, type ErrorDetail } from '../../../shared/http-error';
import { MAX_BODY_BYTES, MAX_ERROR_DETAILS, parseMessageRequest } from '../../../shared/http-request';
import { httpEvent, withBody, type HttpFixture } from '../../helpers/http-events';

function rejection(event: APIGatewayProxyEventV2): HttpError {
  try {
    parseMessageRequest(event);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

const base = httpEvent('single-message');
const json = (body: unknown, contentType?: string) => withBody(base, JSON.stringify(body), contentType);

describe('parseMessageRequest', () => {
  it.each<[HttpFixture, boolean, { text: string; key?: string }[]]>([
    ['single-message', false, [{ text: 'Hello from the fixtures', key: 'user-42' }]],
    ['batch', true, [{ text: 'first', key: 'user-1' }, { text: 'second', key: 'user-2' }, { text: 'third' }]],
    ['curl-form', false, [{ text: 'hi' }]],
    ['base64-body', false, [{ text: 'Hello in base64', key: 'user-7' }]],
  ])('accepts the %s fixture', (fixture, batch, messages) => {
    expect(parseMessageRequest(httpEvent(fixture))).toEqual({ batch, messages });
  });

  it.each<[HttpFixture, number, ErrorDetail[]]>([
    ['malformed-json', 400, [{ path: '', message: 'is not valid JSON' }]],
    ['wrong-types', 400, [{ path: 'text', message: 'must be a string' }, { path: 'key', message: 'must be a string' }]],
    ['empty-text', 400, [{ path: 'text', message: 'must not be empty' }]],
    ['oversized-text', 400, [{ path: 'text', message: 'must be at most 10000 characters' }]],
    ['body-300kib', 413, [{ path: '', message: `must be at most ${MAX_BODY_BYTES} bytes` }]],
    ['text-plain', 415, [{ path: '', message: 'content type text/plain is not accepted: send application/json' }]],
  ])('rejects the %s fixture with %i', (fixture, statusCode, details) => {
    expect(rejection(httpEvent(fixture))).toMatchObject({ statusCode, details });
  });

  it.each<[string, unknown, ErrorDetail[]]>([
    ['a missing text', {}, [{ path: 'text', message: 'is required' }]],
    ['an unknown field', { text: 'hi', colour: 'red' }, [{ path: 'colour', message: 'is not a known field' }]],
    ['an empty key', { text: 'hi', key: '' }, [{ path: 'key', message: 'must not be empty' }]],
    ['a null body', null, [{ path: '', message: 'must be an object {"text": string, "key"?: string}' }]],
    ['a string body', 'hi', [{ path: '', message: 'must be an object {"text": string, "key"?: string}' }]],
    ['an empty array', [], [{ path: '', message: 'must hold at least one message' }]],
    ['a number in an array', [{ text: 'ok' }, 1], [{ path: '[1]', message: 'must be an object {"text": string, "key"?: string}' }]],
    [
      'a bad item in an array',
      [{ text: 'a' }, { text: 'b' }, { text: 'c' }, { text: ' ', extra: 1 }],
      [
        { path: '[3].text', message: 'must not be empty' },
        { path: '[3].extra', message: 'is not a known field' },
      ],
    ],
    ['501 messages', Array.from({ length: 501 }, () => ({ text: 'x' })), [{ path: '', message: 'must hold at most 500 messages' }]],
  ])('answers 400 naming the field for %s', (_, body, details) => {
    expect(rejection(json(body))).toMatchObject({ statusCode: 400, details });
  });

  // Regression: `{"text":"\ud800"}` was accepted and produced, though the same code unit sent as raw bytes was not.
  it.each([
    ['text', { text: 'lone \ud800 high' }],
    ['text', { text: '\udc00 lone low' }],
    ['key', { text: 'hi', key: 'user-\ud83d' }],
  ])('answers 400 to a lone surrogate in %s, which has no UTF-8 form', (field, body) => {
    expect(rejection(json(body))).toMatchObject({ statusCode: 400, details: [{ path: field, message: 'must be valid Unicode text (a lone surrogate such as \\ud800 is not)' }] });
  });

  it('accepts emoji (surrogate pairs), right-to-left marks and NUL in text and key', () => {
    const message = { text: 'שלום \u200f 😀 a\u0000b', key: '🔑\u200f' };
    expect(parseMessageRequest(json(message)).messages).toEqual([message]);
  });

  it('names at most MAX_ERROR_DETAILS problems', () => {
    const error = rejection(json(Array.from({ length: 100 }, () => ({}))));
    expect(error.details).toHaveLength(MAX_ERROR_DETAILS);
  });

  it('trims text and accepts exactly 10,000 characters and 500 messages', () => {
    expect(parseMessageRequest(json({ text: '  hi \n' })).messages).toEqual([{ text: 'hi' }]);
    expect(parseMessageRequest(json({ text: 'a'.repeat(10_000) })).messages[0]?.text).toHaveLength(10_000);
    expect(parseMessageRequest(json(Array.from({ length: 500 }, () => ({ text: 'x' })))).messages).toHaveLength(500);
  });

  it.each([
    ['application/json', true],
    ['Application/JSON; charset=UTF-8', true],
    ['application/problem+json', true],
    ['application/vnd.messages+json; version=1', true],
    ['application/x-www-form-urlencoded', true],
    ['text/plain', false],
    ['text/json', false],
    ['multipart/form-data; boundary=----x', false],
    ['application/xml', false],
    ['application/octet-stream', false],
  ])('with a JSON body, content type %s is accepted: %s', (contentType, accepted) => {
    const event = json({ text: 'hi' }, contentType);
    if (accepted) expect(parseMessageRequest(event).messages).toEqual([{ text: 'hi' }]);
    else expect(rejection(event).statusCode).toBe(415);
  });

  it('accepts a JSON body without a content type', () => {
    const event = json({ text: 'hi' });
    delete event.headers['content-type'];
    expect(parseMessageRequest(event).messages).toEqual([{ text: 'hi' }]);
  });

  it('answers 415, not 400, to a form body that is not JSON', () => {
    expect(rejection(withBody(base, 'text=hi', 'application/x-www-form-urlencoded')).statusCode).toBe(415);
  });

  // Regression: serverless-offline hands a JSON body of `0` or `false` over as a number or boolean, which answered 500.
  it.each([0, false])('answers 400, not 500, to a body serverless-offline passed as the value %p', (value) => {
    const event = { ...base, body: value as unknown as string };
    expect(rejection(event)).toMatchObject({ statusCode: 400, details: [{ path: '', message: 'must be an object {"text": string, "key"?: string}' }] });
  });

  it('answers 400 to an empty or missing body', () => {
    const missing = structuredClone(base);
    delete missing.body;
    for (const event of [withBody(base, ''), missing]) {
      expect(rejection(event)).toMatchObject({ statusCode: 400, details: [{ path: '', message: 'must not be empty' }] });
    }
  });

  it('measures the limit on the decoded body when it is base64-encoded', () => {
    const padded = (bytes: number) => {
      const body = JSON.stringify({ text: 'hi' });
      return Buffer.from(body + ' '.repeat(bytes - body.length)).toString('base64');
    };
    const event = httpEvent('base64-body');
    event.body = padded(MAX_BODY_BYTES);
    expect(parseMessageRequest(event).messages).toEqual([{ text: 'hi' }]);
    event.body = padded(MAX_BODY_BYTES + 1);
    expect(rejection(event).statusCode).toBe(413);
  });

  it('answers 400 to a base64 body that is not UTF-8', () => {
    const event = httpEvent('base64-body');
    event.body = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64');
    expect(rejection(event)).toMatchObject({ statusCode: 400, details: [{ path: '', message: 'is not valid JSON' }] });
  });
});

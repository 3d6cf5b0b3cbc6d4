/**
 * Requests for POST /api/v1/messages: bad ones of every kind the API must refuse with a 4xx, and
 * good ones, many carrying the Unicode the bad ones abuse (emoji, right-to-left marks, NUL).
 */
export interface HttpCase {
  /** What kind of request it is, for the summary. */
  kind: string;
  body: string | Uint8Array;
  /** Left out of the request when undefined. */
  contentType?: string;
}

export interface GoodCase extends HttpCase {
  /** Messages the request holds: each should be produced once. */
  messages: number;
}

const JSON_TYPE = 'application/json';
/** Characters that trip up parsers, encoders and terminals; all of them valid text but the lone surrogates. */
const UNICODE = ['😀', '👩‍💻', '\u200f', '\u202e', '\u0000', 'e\u0301', '\ufeff', '\u2028', 'ﷺ', '𝕏'];
const LONE_SURROGATES = ['\ud800', '\udfff', '\ud83d', 'a\udc00b'];
const unicode = (n: number): string => UNICODE[n % UNICODE.length]!;
const json = (value: unknown): string => JSON.stringify(value);
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));

type Template = (n: number) => HttpCase;

const malformedJson: Template[] = [
  (n) => ({ kind: 'malformed JSON', body: `{"text": "unterminated ${unicode(n)}`, contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: `{"text": "trailing comma ${n}",}`, contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: `{'text': 'single quotes ${n}'}`, contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: `{text: "unquoted name ${n}"}`, contentType: JSON_TYPE }),
  () => ({ kind: 'malformed JSON', body: '{"text": NaN}', contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: `{"text": "x" /* comment ${n} */}`, contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: `{"text": "a"}{"text": "b ${n}"}`, contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: `[{"text": "unclosed ${n}"}`, contentType: JSON_TYPE }),
  // JSON forbids raw control characters, NUL among them, inside a string.
  (n) => ({ kind: 'malformed JSON', body: `{"text": "raw ${String.fromCharCode(n % 32)} control"}`, contentType: JSON_TYPE }),
  () => ({ kind: 'malformed JSON', body: '', contentType: JSON_TYPE }),
  (n) => ({ kind: 'malformed JSON', body: ' \n\t'.repeat(1 + (n % 3)) }),
  () => ({ kind: 'malformed JSON', body: 'undefined' }),
];

/**
 * Bodies that are not UTF-8. serverless-offline decodes every body it does not take for binary as
 * UTF-8, replacing these bytes with U+FFFD before the function sees them; so they are sent to the
 * handler directly, base64-encoded as API Gateway passes a body it does not take for text.
 */
const invalidUtf8: Template[] = [
  () => ({ kind: 'invalid UTF-8', body: bytes('{"text": "', [0xed, 0xa0, 0x80], '"}'), contentType: JSON_TYPE }), // a surrogate, UTF-8 encoded
  () => ({ kind: 'invalid UTF-8', body: bytes('{"text": "', [0xc0, 0xaf], '"}'), contentType: JSON_TYPE }), // overlong '/'
  () => ({ kind: 'invalid UTF-8', body: bytes('{"text": "', [0xe2, 0x82], '"}'), contentType: JSON_TYPE }), // truncated sequence
  () => ({ kind: 'invalid UTF-8', body: bytes('{"text": "', [0xff, 0xfe], '"}') }),
  () => ({ kind: 'invalid UTF-8', body: bytes('{"text": "', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], '"}'), contentType: JSON_TYPE }), // CESU-8 emoji
  () => ({ kind: 'invalid UTF-8', body: bytes('{"key": "', [0x80], '", "text": "x"}'), contentType: JSON_TYPE }),
];

const wrongTypes: Template[] = [
  (n) => ({ kind: 'wrong types', body: json({ text: n }), contentType: JSON_TYPE }),
  () => ({ kind: 'wrong types', body: json({ text: true }), contentType: JSON_TYPE }),
  () => ({ kind: 'wrong types', body: json({ text: null }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json({ text: [`in an array ${unicode(n)}`] }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json({ text: { nested: unicode(n) } }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json({ text: `ok ${n}`, key: n }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json({ text: `ok ${n}`, key: [unicode(n)] }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json(n), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json(`a string ${unicode(n)}`), contentType: JSON_TYPE }),
  () => ({ kind: 'wrong types', body: 'null', contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json([n, `x${n}`, null]), contentType: JSON_TYPE }),
  (n) => ({ kind: 'wrong types', body: json([[{ text: `nested array ${n}` }]]), contentType: JSON_TYPE }),
];

const schemaViolations: Template[] = [
  () => ({ kind: 'schema', body: json({}), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ key: `only a key ${n}` }), contentType: JSON_TYPE }),
  () => ({ kind: 'schema', body: json({ text: '' }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: ' \t\u3000\u2028\u00a0\ufeff'.repeat(1 + (n % 4)) }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: unicode(n).repeat(10_001) }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: `ok ${n}`, key: '' }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: `ok ${n}`, key: `${unicode(n)}k`.repeat(257) }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: `ok ${n}`, colour: 'red' }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: `ok ${n}`, [`field${unicode(n)}`]: 1 }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json({ text: `ok ${n}`, ['k'.repeat(1_000 * (1 + (n % 50)))]: 'an overlong field name' }), contentType: JSON_TYPE }),
  () => ({ kind: 'schema', body: '[]', contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json(Array.from({ length: 501 }, (_, index) => ({ text: `${n}/${index}` }))), contentType: JSON_TYPE }),
  // One bad item fails the whole request: none of its good neighbours may be produced.
  (n) => ({ kind: 'schema', body: json([{ text: `good ${n}` }, { text: `good too ${n}` }, { text: ' ' }]), contentType: JSON_TYPE }),
  (n) => ({ kind: 'schema', body: json([{ text: `good ${n}` }, { text: `extra ${n}`, extra: true }]), contentType: JSON_TYPE }),
];

const loneSurrogates: Template[] = [
  (n) => ({ kind: 'lone surrogate', body: json({ text: `text ${LONE_SURROGATES[n % LONE_SURROGATES.length]}` }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'lone surrogate', body: json({ text: 'ok', key: `key ${LONE_SURROGATES[n % LONE_SURROGATES.length]}` }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'lone surrogate', body: json([{ text: `fine ${n}` }, { text: `not ${LONE_SURROGATES[n % LONE_SURROGATES.length]}` }]), contentType: JSON_TYPE }),
];

/** Bodies over the function's 256 KiB; now and then one over API Gateway's (and serverless-offline's) 10 MB. */
const tooLarge: Template[] = [
  (n) => ({ kind: 'too large', body: json({ text: 'a'.repeat(262_144 + (n % 1_000)) }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'too large', body: json({ text: unicode(n).repeat(120_000) }), contentType: JSON_TYPE }),
  (n) => ({ kind: 'too large', body: ' '.repeat(n % 20 === 0 ? 11 * 1024 * 1024 : 1024 * 1024), contentType: JSON_TYPE }),
];

const wrongContentTypes: Template[] = [
  'text/plain',
  'text/html; charset=utf-8',
  'text/json',
  'application/xml',
  'application/jsonx',
  'application/json-seq',
  'multipart/form-data; boundary=----chaos',
  'application/octet-stream',
  'image/png',
].map((contentType) => (n: number) => ({ kind: 'content type', body: json({ text: `valid JSON, wrong type ${n}` }), contentType }));

const formNotJson: Template = (n) => ({ kind: 'content type', body: `text=hi+${n}&key=user`, contentType: 'application/x-www-form-urlencoded' });

const BAD_TEMPLATES: Template[] = [
  ...malformedJson,
  ...wrongTypes,
  ...schemaViolations,
  ...loneSurrogates,
  ...tooLarge,
  ...wrongContentTypes,
  formNotJson,
];

/** `count` bad requests, every template in turn; `n` varies what each one holds. */
export function badRequests(count: number): HttpCase[] {
  return Array.from({ length: count }, (_, index) => BAD_TEMPLATES[index % BAD_TEMPLATES.length]!(Math.floor(index / BAD_TEMPLATES.length)));
}

/** The bodies that are not UTF-8, each once. */
export function invalidUtf8Requests(): HttpCase[] {
  return invalidUtf8.map((template) => template(0));
}

const GOOD_CONTENT_TYPES = [JSON_TYPE, 'application/json; charset=utf-8', 'application/vnd.messages+json', undefined, 'application/x-www-form-urlencoded'];

/** The `n`-th good request: one message, or a batch of up to three, with the Unicode a valid text may hold. */
export function goodRequest(n: number): GoodCase {
  const contentType = GOOD_CONTENT_TYPES[(n + Math.floor(n / 5)) % GOOD_CONTENT_TYPES.length];
  const message = { text: `good ${n} ${unicode(n)} שלום`, key: `user-${n % 7}${unicode(n + 1)}` };
  if (n % 5 === 3) {
    const batch = Array.from({ length: 1 + (n % 3) }, (_, index) => ({ ...message, text: `${message.text} #${index}` }));
    return { kind: 'good batch', body: json(batch), contentType, messages: batch.length };
  }
  // The longest text there is: 10,000 UTF-16 code units.
  if (n % 11 === 0) return { kind: 'good', body: json({ text: '😀'.repeat(5_000) }), contentType, messages: 1 };
  return { kind: 'good', body: json(message), contentType, messages: 1 };
}

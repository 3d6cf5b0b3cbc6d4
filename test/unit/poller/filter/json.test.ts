import { JsonNumber, parseJson } from '../../../../local/poller/filter/json';
import type { JsonValue } from '../../../../local/poller/filter/json';

/** The parsed value with each number as `#<text>`, so a table can say which text was kept. */
function withNumberText(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return `#${value.text}`;
  if (Array.isArray(value)) return value.map(withNumberText);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withNumberText(item)]));
  return value;
}

describe('parseJson keeps the text of numbers', () => {
  it.each<[string, unknown]>([
    ['300.0', '#300.0'],
    ['  -3.0e2 ', '#-3.0e2'],
    ['{"a": [1, 1.50, {"b": -0}], "c": null, "d": true, "e": false}', { a: ['#1', '#1.50', { b: '#-0' }], c: null, d: true, e: false }],
    ['"say \\"hi\\" \\\\ \\u00e9 \\n"', 'say "hi" \\ é \n'],
    ['{"a\\"b": "x", "": "empty key"}', { 'a"b': 'x', '': 'empty key' }],
    ['[ ]', []],
    ['{ }', {}],
    ['{"k": 1, "k": 2}', { k: '#2' }],
  ])('%s', (text, expected) => {
    expect(withNumberText(parseJson(text))).toEqual(expected);
  });

  it('keeps a "__proto__" key as an ordinary field', () => {
    const parsed = parseJson('{"__proto__": {"polluted": 1}}') as Record<string, JsonValue>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['', '{', '[1,]', '01', "{'a': 1}", 'NaN', 'plain text'])('rejects %j like JSON.parse', (text) => {
    expect(() => parseJson(text)).toThrow(SyntaxError);
  });
});

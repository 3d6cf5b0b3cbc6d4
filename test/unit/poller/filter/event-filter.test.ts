import { compileFilterCriteria, FilterPatternError } from '../../../../local/poller/filter/event-filter';
import { filterPatternsFromServerless } from '../../../../local/poller/settings/event-settings';

type Pattern = Record<string, unknown> | string;

/** Patterns as JSON text: a string is taken as written (number text matters), an object is stringified as Serverless does. */
function patternText(pattern: Pattern): string {
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}

function matches(pattern: Pattern, value: string | Buffer | null): boolean {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return compileFilterCriteria([patternText(pattern)]).matches(bytes);
}

/** The record value of the AWS Kafka filtering guide's sample event, base64 as Lambda delivers it. */
const AWS_GUIDE_VALUE = Buffer.from('SGVsbG8sIHRoaXMgaXMgYSB0ZXN0Lg==', 'base64');
const AWS_GUIDE_DEVICE = '{"device_ID": "AB1234", "session": {"start_time": "yyyy-mm-ddThh:mm:ss", "duration": 162}}';

describe('Kafka filtering: examples of the AWS guide (kafka-filtering)', () => {
  it.each<[string, Pattern, string | Buffer, boolean]>([
    ['device_ID begins with AB', { value: { device_ID: [{ prefix: 'AB' }] } }, AWS_GUIDE_DEVICE, true],
    ['device_ID of another device', { value: { device_ID: [{ prefix: 'AB' }] } }, '{"device_ID": "CD5678"}', false],
    ['a JSON pattern against a plain-string record', { value: { device_ID: [{ prefix: 'AB' }] } }, 'AB1234', false],
    ['a nested field of the JSON value', { value: { session: { duration: [{ numeric: ['>', 100] }] } } }, AWS_GUIDE_DEVICE, true],
    ['the sample record, a plain string', { value: [{ prefix: 'Hello' }] }, AWS_GUIDE_VALUE, true],
    ['the sample record against another prefix', { value: [{ prefix: 'Bye' }] }, AWS_GUIDE_VALUE, false],
    ['a plain-string pattern against a JSON record', { value: [{ prefix: 'ERR' }] }, '{"level": "ERROR"}', false],
  ])('%s', (_, pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('EventBridge comparison operators (eb-create-pattern-operators), on the record value', () => {
  it.each<[string, Pattern, string, boolean]>([
    ['And: both fields match', { value: { Location: ['New York'], Day: ['Monday'] } }, '{"Location": "New York", "Day": "Monday"}', true],
    ['And: one field differs', { value: { Location: ['New York'], Day: ['Monday'] } }, '{"Location": "New York", "Day": "Tuesday"}', false],
    ['Or: one of the values', { value: { PaymentType: ['Credit', 'Debit'] } }, '{"PaymentType": "Debit"}', true],
    ['Or: none of the values', { value: { PaymentType: ['Credit', 'Debit'] } }, '{"PaymentType": "Cash"}', false],
    ['$or: the second alternative', { value: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] } }, '{"Location": "Boston", "Day": "Monday"}', true],
    ['$or: no alternative', { value: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] } }, '{"Location": "Boston", "Day": "Friday"}', false],
    ['Null: null', { value: { UserID: [null] } }, '{"UserID": null}', true],
    ['Null: a value', { value: { UserID: [null] } }, '{"UserID": "u-1"}', false],
    ['Null: a missing field is not null', { value: { UserID: [null] } }, '{}', false],
    ['Empty: empty string', { value: { LastName: [''] } }, '{"LastName": ""}', true],
    ['Empty: a name', { value: { LastName: [''] } }, '{"LastName": "Doe"}', false],
    ['Equals: same case', { value: { Name: ['Alice'] } }, '{"Name": "Alice"}', true],
    ['Equals: no case folding', { value: { Name: ['Alice'] } }, '{"Name": "alice"}', false],
    ['Equals: a boolean', { value: { paid: [true] } }, '{"paid": true}', true],
    ['Equals: the string "true" is not true', { value: { paid: [true] } }, '{"paid": "true"}', false],
    ['Equals (ignore case)', { value: { Name: [{ 'equals-ignore-case': 'alice' }] } }, '{"Name": "ALICE"}', true],
    ['Equals (ignore case): another name', { value: { Name: [{ 'equals-ignore-case': 'alice' }] } }, '{"Name": "Bob"}', false],
    ['Numeric exact: same text', '{"value": {"Price": [300]}}', '{"Price": 300}', true],
    ['Numeric exact: 300.0 is not 300 (AWS compares number text)', '{"value": {"Price": [300]}}', '{"Price": 300.0}', false],
    ['Numeric exact: 3.0e2 is not 300', '{"value": {"Price": [300]}}', '{"Price": 3.0e2}', false],
    ['Numeric exact: a string of digits is not a number', '{"value": {"Price": [300]}}', '{"Price": "300"}', false],
    ['Not: another value', { value: { Weather: [{ 'anything-but': ['Raining'] }] } }, '{"Weather": "Sunny"}', true],
    ['Not: the excluded value', { value: { Weather: [{ 'anything-but': ['Raining'] }] } }, '{"Weather": "Raining"}', false],
    ['Not: a missing field', { value: { Weather: [{ 'anything-but': ['Raining'] }] } }, '{}', false],
    ['Anything-but a single string', { value: { state: [{ 'anything-but': 'initializing' }] } }, '{"state": "running"}', true],
    ['Anything-but numbers: another number', { value: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, '{"x-limit": 301.8}', true],
    ['Anything-but numbers: an excluded number', { value: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, '{"x-limit": 200.0}', false],
    ['Anything-but (begins with): outside the US', { value: { Region: [{ 'anything-but': { prefix: 'us-' } }] } }, '{"Region": "eu-west-1"}', true],
    ['Anything-but (begins with): in the US', { value: { Region: [{ 'anything-but': { prefix: 'us-' } }] } }, '{"Region": "us-east-1"}', false],
    ['Anything-but (ends with): a jpg', { value: { FileName: [{ 'anything-but': { suffix: '.png' } }] } }, '{"FileName": "cat.jpg"}', true],
    ['Anything-but (ends with): a png', { value: { FileName: [{ 'anything-but': { suffix: '.png' } }] } }, '{"FileName": "cat.png"}', false],
    ['Anything-but (ignore case): another state', { value: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }, '{"state": "running"}', true],
    ['Anything-but (ignore case): any casing of it', { value: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }, '{"state": "INITIALIZING"}', false],
    ['Anything-but (ignore case): a list', { value: { state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'b'] } }] } }, '{"state": "B"}', false],
    ['Anything-but using a wildcard: not under lib', { value: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, '{"FilePath": "/usr/bin/node"}', true],
    ['Anything-but using a wildcard: under lib', { value: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }, '{"FilePath": "/usr/lib/node"}', false],
    ['Numeric (equals): 100', { value: { Price: [{ numeric: ['=', 100] }] } }, '{"Price": 100}', true],
    ['Numeric (equals): 100.0 compares by value', { value: { Price: [{ numeric: ['=', 100] }] } }, '{"Price": 100.0}', true],
    ['Numeric (equals): digits in a string do not count', { value: { Price: [{ numeric: ['=', 100] }] } }, '{"Price": "100"}', false],
    ['Numeric (range): the upper bound is included', { value: { Price: [{ numeric: ['>', 10, '<=', 20] }] } }, '{"Price": 20}', true],
    ['Numeric (range): the lower bound is excluded', { value: { Price: [{ numeric: ['>', 10, '<=', 20] }] } }, '{"Price": 10}', false],
    ['Numeric (range): a fraction inside', { value: { Price: [{ numeric: ['>', 10, '<=', 20] }] } }, '{"Price": 15.5}', true],
    ['Numeric: below', { value: { 'd-count': [{ numeric: ['<', 10] }] } }, '{"d-count": 3}', true],
    ['Exists: present', { value: { ProductName: [{ exists: true }] } }, '{"ProductName": "Widget"}', true],
    ['Exists: null is a value', { value: { ProductName: [{ exists: true }] } }, '{"ProductName": null}', true],
    ['Exists: missing', { value: { ProductName: [{ exists: true }] } }, '{}', false],
    ['Does not exist: missing', { value: { ProductName: [{ exists: false }] } }, '{"Other": 1}', true],
    ['Does not exist: present', { value: { ProductName: [{ exists: false }] } }, '{"ProductName": "Widget"}', false],
    ['Exists works on leaves only: an object counts as missing', { value: { 'c-count': [{ exists: false }] } }, '{"c-count": {"c1": 100}}', true],
    ['Begins with', { value: { Region: [{ prefix: 'us-' }] } }, '{"Region": "us-east-1"}', true],
    ['Begins with: another region', { value: { Region: [{ prefix: 'us-' }] } }, '{"Region": "eu-west-1"}', false],
    ['Begins with: never a number', { value: { code: [{ prefix: '4' }] } }, '{"code": 404}', false],
    ['Begins with (ignore case)', { value: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] } }, '{"service": "EventBridge"}', true],
    ['Ends with', { value: { FileName: [{ suffix: '.png' }] } }, '{"FileName": "image.png"}', true],
    ['Ends with: case matters', { value: { FileName: [{ suffix: '.png' }] } }, '{"FileName": "image.PNG"}', false],
    ['Ends with (ignore case)', { value: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } }, '{"FileName": "IMAGE.PNG"}', true],
    ['Wildcard', { value: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } }, '{"EventBusArn": "arn:aws:events:us-east-1:123456789012:event-bus/default"}', true],
    ['Wildcard: another region', { value: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] } }, '{"EventBusArn": "arn:aws:events:us-west-2:123456789012:event-bus/default"}', false],
    ['Wildcard: an escaped * is a literal star', { value: { name: [{ wildcard: 'a\\*b' }] } }, '{"name": "a*b"}', true],
    ['Wildcard: an escaped * matches nothing else', { value: { name: [{ wildcard: 'a\\*b' }] } }, '{"name": "axb"}', false],
    ['Wildcard: regex characters are literal', { value: { name: [{ wildcard: 'v1.(*)' }] } }, '{"name": "v1.(beta)"}', true],
  ])('%s', (_, pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('arrays and nested objects in the record', () => {
  it.each<[string, Pattern, string, boolean]>([
    ['a field matches if any array element does', { value: { tags: ['red'] } }, '{"tags": ["blue", "red"]}', true],
    ['an empty array has no values', { value: { tags: [{ exists: true }] } }, '{"tags": []}', false],
    ['nested arrays are flattened', { value: { grid: [3] } }, '{"grid": [[1, 2], [3]]}', true],
    ['two fields match within one array element', { value: { items: { sku: ['A'], qty: [2] } } }, '{"items": [{"sku": "A", "qty": 2}, {"sku": "B", "qty": 1}]}', true],
    ['two fields never match across array elements', { value: { items: { sku: ['A'], qty: [2] } } }, '{"items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]}', false],
    ['deeply nested objects', { value: { order: { customer: { tier: ['gold'] } } } }, '{"order": {"customer": {"tier": "gold", "id": 7}}}', true],
    ['a top-level JSON array value', { value: { type: ['order'] } }, '[{"type": "refund"}, {"type": "order"}]', true],
  ])('%s', (_, pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('plain-string, non-JSON and tombstone records', () => {
  it.each<[string, Pattern, string | Buffer | null, boolean]>([
    ['a plain string, exactly', { value: ['OK'] }, 'OK', true],
    ['a plain string, by prefix', { value: [{ prefix: 'ERR' }] }, 'ERROR disk full', true],
    ['a plain string, by suffix', { value: [{ suffix: 'full' }] }, 'ERROR disk full', true],
    ['a plain string, by wildcard', { value: [{ wildcard: '*disk*' }] }, 'ERROR disk full', true],
    ['a plain string, ignoring case', { value: [{ 'equals-ignore-case': 'ok' }] }, 'OK', true],
    ['a plain string, anything but', { value: [{ 'anything-but': 'OK' }] }, 'FAIL', true],
    ['not JSON, though it starts like it', { value: [{ prefix: '{' }] }, '{not json', true],
    ['a JSON number value', { value: [{ numeric: ['>', 40] }] }, '42', true],
    ['a JSON string value is unquoted', { value: ['quoted'] }, '"quoted"', true],
    ['an empty value is the empty string', { value: [''] }, '', true],
    ['invalid UTF-8 is decoded with replacement characters', { value: [{ exists: true }] }, Buffer.from([0xff, 0xfe]), true],
    ['a JSON object value is not a leaf, so exists: true fails', { value: [{ exists: true }] }, '{"a": 1}', false],
    ['a JSON object value is not a leaf, so exists: false matches', { value: [{ exists: false }] }, '{"a": 1}', true],
    ['a JSON pattern field is missing from a plain string', { value: { type: [{ exists: false }] } }, 'plain text', true],
    ['tombstone: value does not exist', { value: [{ exists: false }] }, null, true],
    ['tombstone: no nested field exists either', { value: { type: [{ exists: false }] } }, null, true],
    ['tombstone: exists fails', { value: [{ exists: true }] }, null, false],
    ['tombstone: anything-but needs a value', { value: [{ 'anything-but': 'x' }] }, null, false],
    ['tombstone: a JSON pattern', { value: { type: ['order'] } }, null, false],
  ])('%s', (_, pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('filter criteria', () => {
  it('passes every record when there are no patterns, as without FilterCriteria', () => {
    const filter = compileFilterCriteria([]);
    expect(filter.patternCount).toBe(0);
    expect(filter.matches(Buffer.from('anything'))).toBe(true);
    expect(filter.matches(null)).toBe(true);
  });

  it('ORs up to five patterns', () => {
    const filter = compileFilterCriteria([
      '{"value": {"type": ["order"]}}',
      '{"value": [{"prefix": "ERR"}]}',
      '{"$or": [{"value": {"priority": [{"numeric": [">=", 5]}]}}, {"value": [{"anything-but": {"prefix": "{"}}]}]}',
      '{"value": {"type": ["refund"]}}',
      '{"value": {"type": ["payment"]}}',
    ]);
    expect(filter.patternCount).toBe(5);
    expect(filter.matches(Buffer.from('{"type": "order"}'))).toBe(true);
    expect(filter.matches(Buffer.from('ERROR'))).toBe(true);
    expect(filter.matches(Buffer.from('{"priority": 7}'))).toBe(true);
    expect(filter.matches(Buffer.from('INFO'))).toBe(true);
    expect(filter.matches(Buffer.from('{"type": "shipment", "priority": 1}'))).toBe(false);
    expect(filter.matches(null)).toBe(false);
  });
});

describe('invalid filter criteria are rejected like InvalidParameterValueException', () => {
  const tooLong = JSON.stringify({ value: { text: ['x'.repeat(4100)] } });

  it.each<[string, string[], RegExp]>([
    ['more than five patterns', Array.from({ length: 6 }, () => '{"value": ["x"]}'), /FilterCriteria\.Filters holds 6 patterns; an event source mapping takes at most 5/],
    ['invalid JSON', ['{"value": ['], /Filters\[0\]\.Pattern: pattern: is not valid JSON/],
    ['a top-level array', ['[]'], /must be a JSON object/],
    ['a pattern longer than 4096 characters', [tooLong], /at most 4096 are allowed/],
    ['a key other than value', ['{"key": ["k"]}'], /key: Amazon MSK and self-managed Apache Kafka event source mappings only support filtering on the "value" key/],
    ['a key other than value inside $or', ['{"$or": [{"value": ["a"]}, {"partition": [0]}]}'], /\$or\[1\]\.partition: .*only support filtering on the "value" key/],
    ['a value that is not a list', ['{"value": {"type": "order"}}'], /value\.type: must be a list of matches or an object of fields/],
    ['an empty match list', ['{"value": {"type": []}}'], /value\.type: empty match lists are not allowed/],
    ['an empty object', ['{"value": {}}'], /value: an empty object is not allowed/],
    ['a list inside a match list', ['{"value": {"type": [["order"]]}}'], /may not hold another list/],
    ['two operators in one expression', ['{"value": {"a": [{"prefix": "x", "suffix": "y"}]}}'], /exactly one operator, got 2 \(prefix, suffix\)/],
    ['an unknown operator', ['{"value": {"a": [{"contains": "x"}]}}'], /unrecognized match type "contains"/],
    ['cidr, which the local poller does not implement', ['{"value": {"ip": [{"cidr": "10.0.0.0/8"}]}}'], /"cidr" .* not supported by the local poller/],
    ['prefix of a number', ['{"value": {"a": [{"prefix": 5}]}}'], /"prefix" needs a string, got 5/],
    ['exists with a string', ['{"value": {"a": [{"exists": "yes"}]}}'], /"exists" takes true or false/],
    ['numeric against a string', ['{"value": {"a": [{"numeric": [">", "5"]}]}}'], /compares with numbers, got "5"/],
    ['numeric with an unknown operator', ['{"value": {"a": [{"numeric": ["!=", 5]}]}}'], /unrecognized numeric operator "!="/],
    ['numeric beyond 5e9', ['{"value": {"a": [{"numeric": [">", 6e9]}]}}'], /outside -5\.0e9\.\.5\.0e9/],
    ['a numeric range starting with =', ['{"value": {"a": [{"numeric": ["=", 1, "<", 5]}]}}'], /lower bound .* followed by an upper bound/],
    ['a numeric range upside down', ['{"value": {"a": [{"numeric": [">", 10, "<", 5]}]}}'], /lower bound 10 must be below its upper bound 5/],
    ['anything-but mixing strings and numbers', ['{"value": {"a": [{"anything-but": [1, "a"]}]}}'], /only strings or only numbers/],
    ['anything-but of an empty list', ['{"value": {"a": [{"anything-but": []}]}}'], /needs at least one value/],
    ['anything-but with numeric inside', ['{"value": {"a": [{"anything-but": {"numeric": [">", 1]}}]}}'], /"anything-but" does not take "numeric"/],
    ['consecutive wildcards', ['{"value": {"a": [{"wildcard": "a**b"}]}}'], /consecutive wildcard characters at position 1/],
    ['a backslash escaping a letter', ['{"value": {"a": [{"wildcard": "a\\\\b"}]}}'], /may only escape "\*" or "\\"/],
    ['$or with one alternative', ['{"value": {"$or": [{"a": ["x"]}]}}'], /"\$or" needs at least two alternatives/],
  ])('%s', (_, patterns, message) => {
    expect(() => compileFilterCriteria(patterns)).toThrow(message);
  });

  it('reports every bad pattern by index in one FilterPatternError', () => {
    const compile = () => compileFilterCriteria(['{"value": ["ok"]}', 'nope', '{"key": ["k"]}']);
    expect(compile).toThrow(FilterPatternError);
    try {
      compile();
    } catch (error) {
      const filterError = error as FilterPatternError;
      expect(filterError.name).toBe('FilterPatternError');
      expect(filterError.message).toMatch(/^InvalidParameterValueException: 2 invalid filter patterns:/);
      expect(filterError.problems).toEqual([
        expect.stringMatching(/^Invalid filter pattern definition at FilterCriteria\.Filters\[1\]\.Pattern: /),
        expect.stringMatching(/^Invalid filter pattern definition at FilterCriteria\.Filters\[2\]\.Pattern: /),
      ]);
    }
  });
});

describe('filterPatternsFromServerless', () => {
  it('turns each object into the Pattern string Serverless deploys', () => {
    const patterns = [{ value: { type: ['order'] } }, { value: [{ prefix: 'ERR' }] }];
    expect(filterPatternsFromServerless(patterns)).toEqual(['{"value":{"type":["order"]}}', '{"value":[{"prefix":"ERR"}]}']);
  });

  it('gives no patterns when the event has none', () => {
    expect(filterPatternsFromServerless(undefined)).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['not a list', { value: {} }, /filterPatterns must be a list of patterns/],
    ['a string entry', [{ value: ['a'] }, '{"value": ["b"]}'], /filterPatterns\[1\] must be an object/],
    ['a null entry', [null], /filterPatterns\[0\] must be an object/],
  ])('rejects %s', (_, patterns, message) => {
    expect(() => filterPatternsFromServerless(patterns)).toThrow(message);
  });
});

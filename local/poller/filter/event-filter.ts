import { parseJson } from './json';
import type { JsonObject, JsonValue } from './json';
import { compileKafkaPattern } from './pattern';
import type { NodeMatcher } from './pattern';
import { PatternSyntaxError } from './syntax';
import { MAX_FILTER_PATTERNS, MAX_PATTERN_LENGTH } from '../aws-limits';
import { FilterPatternError } from '../errors';

export { FilterPatternError } from '../errors';

/** The compiled `FilterCriteria` of one mapping, applied to each record before it joins a batch. */
export interface RecordFilter {
  /** With no patterns every record passes, as with no `FilterCriteria` on AWS. */
  readonly patternCount: number;
  /**
   * Whether a record with this value (the raw bytes; `null` for a tombstone) matches any
   * pattern. A record that matches none is dropped, and its offset is committed with the batch.
   */
  matches(value: Buffer | null): boolean;
}

/**
 * Compiles the `FilterCriteria.Filters[].Pattern` strings of a Kafka mapping, refusing what
 * AWS refuses when the mapping is created: more than five patterns, a pattern that is not JSON,
 * or one that breaks EventBridge pattern syntax. Every bad pattern is reported, by index.
 */
export function compileFilterCriteria(patterns: readonly string[]): RecordFilter {
  const problems: string[] = [];
  if (patterns.length > MAX_FILTER_PATTERNS) {
    problems.push(`FilterCriteria.Filters holds ${patterns.length} patterns; an event source mapping takes at most ${MAX_FILTER_PATTERNS}`);
  }
  const matchers: NodeMatcher[] = [];
  patterns.forEach((pattern, index) => {
    try {
      matchers.push(compilePattern(pattern));
    } catch (error) {
      if (!(error instanceof SyntaxError || error instanceof PatternSyntaxError)) throw error;
      problems.push(`Invalid filter pattern definition at FilterCriteria.Filters[${index}].Pattern: ${error.message}`);
    }
  });
  if (problems.length > 0) throw new FilterPatternError(problems);

  return {
    patternCount: matchers.length,
    matches(value) {
      if (matchers.length === 0) return true;
      const record = recordAsFiltered(value);
      return matchers.some((matches) => matches(record));
    },
  };
}

function compilePattern(pattern: string): NodeMatcher {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new PatternSyntaxError('pattern', `is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`);
  }
  let parsed: JsonValue;
  try {
    parsed = parseJson(pattern);
  } catch (error) {
    throw new PatternSyntaxError('pattern', `is not valid JSON (${(error as Error).message})`);
  }
  return compileKafkaPattern(parsed);
}

/**
 * The record as Lambda's Kafka filtering sees it: `{ value }`, where the value is the bytes
 * decoded as UTF-8 and parsed when they are JSON, else kept as a plain string. A tombstone has
 * no `value` at all, so only patterns a missing field satisfies (`{"exists": false}`) match it.
 */
function recordAsFiltered(value: Buffer | null): JsonObject {
  const record = Object.create(null) as JsonObject;
  if (value === null) return record;
  const text = value.toString('utf8');
  try {
    record.value = parseJson(text);
  } catch {
    record.value = text;
  }
  return record;
}

import { JsonNumber, isJsonObject } from './json';
import type { JsonValue } from './json';
import { PollerError } from '../errors';

/**
 * A pattern that breaks EventBridge's syntax, found while compiling it. `compileFilterCriteria`
 * turns it into a `FilterPatternError` naming the pattern's index; `path` names the field.
 */
export class PatternSyntaxError extends PollerError {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${reason}`, options);
    this.name = 'PatternSyntaxError';
  }
}

/** A JSON value as a message shows it: numbers as written, nested values abbreviated. */
export function shown(value: JsonValue): string {
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return 'an array';
  if (isJsonObject(value)) return 'an object';
  return JSON.stringify(value);
}

export function requireString(value: JsonValue, path: string, operator: string): string {
  if (typeof value !== 'string') throw new PatternSyntaxError(path, `"${operator}" needs a string, got ${shown(value)}`);
  return value;
}

/** A string, or a non-empty array of strings, as `anything-but` accepts for several of its forms. */
export function requireStrings(value: JsonValue, path: string, operator: string): string[] {
  if (!Array.isArray(value)) return [requireString(value, path, operator)];
  if (value.length === 0) throw new PatternSyntaxError(path, `"${operator}" needs at least one string`);
  return value.map((item) => requireString(item, path, operator));
}

/** The one operator of a match expression such as `{"prefix": "AB"}`. */
export function soleOperator(expression: Record<string, JsonValue>, path: string): [string, JsonValue] {
  const entries = Object.entries(expression);
  if (entries.length !== 1) {
    throw new PatternSyntaxError(path, `a match expression has exactly one operator, got ${entries.length} (${entries.map(([key]) => key).join(', ') || 'none'})`);
  }
  return entries[0]!;
}

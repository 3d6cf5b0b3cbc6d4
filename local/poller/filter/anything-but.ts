import { JsonNumber, isJsonObject } from './json';
import type { JsonLeaf, JsonValue } from './json';
import { equalsIgnoreCaseTest, prefixTest, suffixTest, wildcardTest } from './string-matches';
import type { StringTest } from './string-matches';
import { PatternSyntaxError, requireStrings, shown, soleOperator } from './syntax';

type LeafTest = (value: JsonLeaf) => boolean;

/**
 * `anything-but` in the forms EventBridge accepts: a string or number, a list of only strings or
 * only numbers, or `{"prefix" | "suffix" | "equals-ignore-case" | "wildcard": ...}`. It matches a
 * field that is present with any other value (a number is "anything but" a string); a missing
 * field never matches it.
 */
export function anythingButTest(operand: JsonValue, path: string): LeafTest {
  if (isJsonObject(operand)) return noneOf(stringTestOf(operand, path));
  const excluded = Array.isArray(operand) ? operand : [operand];
  if (excluded.length === 0) throw new PatternSyntaxError(path, '"anything-but" needs at least one value');
  if (excluded.every((item): item is string => typeof item === 'string')) {
    const strings = new Set(excluded);
    return (value) => !(typeof value === 'string' && strings.has(value));
  }
  if (excluded.every((item): item is JsonNumber => item instanceof JsonNumber)) {
    const numbers = new Set(excluded.map((item) => item.value));
    return (value) => !(value instanceof JsonNumber && numbers.has(value.value));
  }
  throw new PatternSyntaxError(
    path,
    `"anything-but" takes a string, a number, a list of only strings or only numbers, or an object such as {"prefix": ...}; got ${excluded.map(shown).join(', ')}`,
  );
}

function stringTestOf(operand: Record<string, JsonValue>, path: string): StringTest {
  const [operator, value] = soleOperator(operand, path);
  switch (operator) {
    case 'prefix':
      return prefixTest(value, path);
    case 'suffix':
      return suffixTest(value, path);
    case 'equals-ignore-case':
      return anyOf(requireStrings(value, path, 'anything-but.equals-ignore-case').map(equalsIgnoreCaseTest));
    case 'wildcard':
      return anyOf(requireStrings(value, path, 'anything-but.wildcard').map((pattern) => wildcardTest(pattern, path)));
    default:
      throw new PatternSyntaxError(path, `"anything-but" does not take "${operator}"; use prefix, suffix, equals-ignore-case or wildcard`);
  }
}

function anyOf(tests: StringTest[]): StringTest {
  return (value) => tests.some((test) => test(value));
}

function noneOf(test: StringTest): LeafTest {
  return (value) => !(typeof value === 'string' && test(value));
}

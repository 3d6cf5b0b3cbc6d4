import { anythingButTest } from './anything-but';
import { JsonNumber } from './json';
import type { JsonLeaf, JsonValue } from './json';
import { numericTest } from './numeric';
import { equalsIgnoreCaseTest, prefixTest, suffixTest, wildcardTest } from './string-matches';
import type { StringTest } from './string-matches';
import { PatternSyntaxError, requireString, shown, soleOperator } from './syntax';

/** One entry of a pattern's match list, e.g. `"order"` or `{"prefix": "AB"}` in `["order", {"prefix": "AB"}]`. */
export interface LeafMatch {
  /** Only `{"exists": false}` is satisfied by a field the record does not have. */
  readonly matchesMissing: boolean;
  test(value: JsonLeaf): boolean;
}

const MISSING_ONLY: LeafMatch = { matchesMissing: true, test: () => false };

/**
 * Exact values (strings, numbers compared by their text as AWS does, booleans, null) and the
 * EventBridge operators Lambda filtering accepts.
 */
export function compileLeafMatch(expression: JsonValue, path: string): LeafMatch {
  if (expression === null || typeof expression === 'boolean' || typeof expression === 'string') {
    return present((value) => value === expression);
  }
  if (expression instanceof JsonNumber) {
    return present((value) => value instanceof JsonNumber && value.text === expression.text);
  }
  if (Array.isArray(expression)) throw new PatternSyntaxError(path, 'a match list may not hold another list');

  const [operator, operand] = soleOperator(expression, path);
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw new PatternSyntaxError(path, `"exists" takes true or false, got ${shown(operand)}`);
      return operand ? present(() => true) : MISSING_ONLY;
    case 'prefix':
      return presentString(prefixTest(operand, path));
    case 'suffix':
      return presentString(suffixTest(operand, path));
    case 'equals-ignore-case':
      return presentString(equalsIgnoreCaseTest(requireString(operand, path, operator)));
    case 'wildcard':
      return presentString(wildcardTest(requireString(operand, path, operator), path));
    case 'anything-but':
      return present(anythingButTest(operand, path));
    case 'numeric':
      return present(numericTest(operand, path));
    case 'cidr':
      throw new PatternSyntaxError(path, '"cidr" (IP address matching) is not supported by the local poller');
    default:
      throw new PatternSyntaxError(path, `unrecognized match type "${operator}"`);
  }
}

function present(test: (value: JsonLeaf) => boolean): LeafMatch {
  return { matchesMissing: false, test };
}

function presentString(test: StringTest): LeafMatch {
  return present((value) => typeof value === 'string' && test(value));
}

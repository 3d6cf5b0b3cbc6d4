import { isJsonObject } from './json';
import type { JsonValue } from './json';
import { PatternSyntaxError, requireString, soleOperator } from './syntax';

/** A test on a string field value; EventBridge's string operators never match numbers, booleans or null. */
export type StringTest = (value: string) => boolean;

/** `{"prefix": "us-"}` or `{"prefix": {"equals-ignore-case": "us-"}}`. */
export function prefixTest(operand: JsonValue, path: string): StringTest {
  return affixTest(operand, path, 'prefix', (value, affix) => value.startsWith(affix));
}

/** `{"suffix": ".png"}` or `{"suffix": {"equals-ignore-case": ".png"}}`. */
export function suffixTest(operand: JsonValue, path: string): StringTest {
  return affixTest(operand, path, 'suffix', (value, affix) => value.endsWith(affix));
}

export function equalsIgnoreCaseTest(expected: string): StringTest {
  const folded = foldCase(expected);
  return (value) => foldCase(value) === folded;
}

/**
 * `{"wildcard": "dir/*.png"}`: `*` stands for any run of characters. As in EventBridge, two
 * wildcards in a row are refused, and a backslash may only escape `*` or another backslash.
 */
export function wildcardTest(pattern: string, path: string): StringTest {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*') {
      if (pattern[index + 1] === '*') throw new PatternSyntaxError(path, `consecutive wildcard characters at position ${index} of "${pattern}"`);
      source += '.*';
    } else if (char === '\\') {
      const escaped = pattern[index + 1];
      if (escaped !== '*' && escaped !== '\\') throw new PatternSyntaxError(path, `a backslash in a wildcard may only escape "*" or "\\" (position ${index} of "${pattern}")`);
      source += `\\${escaped}`;
      index += 1;
    } else {
      source += char.replace(/[$()+.?[\]^{|}]/, '\\$&');
    }
  }
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}

function affixTest(operand: JsonValue, path: string, operator: string, test: (value: string, affix: string) => boolean): StringTest {
  if (isJsonObject(operand)) {
    const [modifier, affix] = soleOperator(operand, path);
    if (modifier !== 'equals-ignore-case') throw new PatternSyntaxError(path, `"${operator}" takes a string or {"equals-ignore-case": string}, not "${modifier}"`);
    const folded = foldCase(requireString(affix, path, `${operator}.equals-ignore-case`));
    return (value) => test(foldCase(value), folded);
  }
  const affix = requireString(operand, path, operator);
  return (value) => test(value, affix);
}

function foldCase(text: string): string {
  return text.toLowerCase();
}

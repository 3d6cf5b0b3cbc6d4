import { fieldOf, isJsonObject } from './json';
import type { JsonLeaf, JsonObject, JsonValue } from './json';
import { compileLeafMatch } from './leaf-match';
import { PatternSyntaxError, shown } from './syntax';

/** Whether a node of the record (or its absence) satisfies a compiled part of a pattern. */
export type NodeMatcher = (node: JsonValue | undefined) => boolean;

/**
 * Compiles one parsed pattern for a Kafka mapping. Lambda filters Kafka records on `value` only,
 * so that is the one field allowed at the top (inside `$or` alternatives too).
 *
 * Semantics follow EventBridge: fields of an object are ANDed, a match list is ORed, `$or` takes
 * two or more alternative objects. An array in the record matches when any element does, and a
 * nested pattern is tried on each element whole, so two fields never match from two different
 * elements. A field holding an object is not a leaf: for a match list it counts as missing, the
 * way EventBridge's `exists` "only works on leaf nodes".
 */
export function compileKafkaPattern(pattern: JsonValue): NodeMatcher {
  if (!isJsonObject(pattern)) throw new PatternSyntaxError('pattern', `must be a JSON object such as {"value": {...}}, got ${shown(pattern)}`);
  return compileObject(pattern, '', true);
}

function compileObject(pattern: JsonObject, path: string, topLevel: boolean): NodeMatcher {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new PatternSyntaxError(path || 'pattern', 'an empty object is not allowed; name at least one field');

  const fields: Array<[string, NodeMatcher]> = [];
  const orGroups: NodeMatcher[][] = [];
  for (const key of keys) {
    const value = pattern[key]!;
    const fieldPath = path ? `${path}.${key}` : key;
    if (key === '$or' && isOrList(value)) {
      if (value.length < 2) throw new PatternSyntaxError(fieldPath, '"$or" needs at least two alternatives');
      orGroups.push(value.map((alternative, index) => compileObject(alternative, `${fieldPath}[${index}]`, topLevel)));
    } else if (topLevel && key !== 'value') {
      throw new PatternSyntaxError(fieldPath, 'Amazon MSK and self-managed Apache Kafka event source mappings only support filtering on the "value" key');
    } else {
      fields.push([key, compileField(value, fieldPath)]);
    }
  }

  return (node) => {
    const object = isJsonObject(node) ? node : undefined;
    return (
      fields.every(([key, matches]) => matches(object && fieldOf(object, key))) &&
      orGroups.every((alternatives) => alternatives.some((matches) => matches(node)))
    );
  };
}

function compileField(pattern: JsonValue, path: string): NodeMatcher {
  if (isJsonObject(pattern)) return eachElement(compileObject(pattern, path, false));
  if (!Array.isArray(pattern)) throw new PatternSyntaxError(path, `must be a list of matches or an object of fields, got ${shown(pattern)}`);
  if (pattern.length === 0) throw new PatternSyntaxError(path, 'empty match lists are not allowed');

  const matches = pattern.map((expression) => compileLeafMatch(expression, path));
  return (node) => {
    const leaves = leavesOf(node);
    if (leaves.length === 0) return matches.some((match) => match.matchesMissing);
    return leaves.some((leaf) => matches.some((match) => match.test(leaf)));
  };
}

/** A nested pattern applied to an array in the record matches when one element matches it whole. */
function eachElement(matchesObject: NodeMatcher): NodeMatcher {
  return (node) => {
    if (!Array.isArray(node)) return matchesObject(node);
    const elements = flattened(node);
    return elements.length === 0 ? matchesObject(undefined) : elements.some(matchesObject);
  };
}

/** The values a match list is tried on: the field's value, or each leaf of the array it holds. */
function leavesOf(node: JsonValue | undefined): JsonLeaf[] {
  if (node === undefined) return [];
  return flattened(Array.isArray(node) ? node : [node]).filter((element): element is JsonLeaf => !isJsonObject(element));
}

function flattened(array: JsonValue[]): JsonValue[] {
  return array.flatMap((element) => (Array.isArray(element) ? flattened(element) : [element]));
}

/** `$or` is the operator only when it holds objects; otherwise AWS keeps it as an ordinary field name. */
function isOrList(value: JsonValue): value is JsonObject[] {
  return Array.isArray(value) && value.length > 0 && value.every((alternative) => isJsonObject(alternative));
}

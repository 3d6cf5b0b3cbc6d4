import { JsonNumber } from './json';
import type { JsonLeaf, JsonValue } from './json';
import { NUMERIC_FILTER_LIMIT } from '../aws-limits';
import { PatternSyntaxError, shown } from './syntax';


const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

type Comparison = (value: number) => boolean;

/**
 * `{"numeric": ["=", 100]}`, `{"numeric": ["<", 10]}` or a range `{"numeric": [">", 0, "<=", 5]}`
 * (a lower bound, then an upper bound above it). It matches JSON numbers only, never a string
 * holding digits.
 */
export function numericTest(operand: JsonValue, path: string): (value: JsonLeaf) => boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new PatternSyntaxError(path, '"numeric" takes [operator, number] or [">" or ">=", number, "<" or "<=", number]');
  }
  const [firstOperator, firstBound] = comparisonPair(operand[0]!, operand[1]!, path);
  const comparisons = [comparison(firstOperator, firstBound)];
  if (operand.length === 4) {
    const [secondOperator, secondBound] = comparisonPair(operand[2]!, operand[3]!, path);
    if (!LOWER_BOUNDS.has(firstOperator) || !UPPER_BOUNDS.has(secondOperator)) {
      throw new PatternSyntaxError(path, `a numeric range is a lower bound (">" or ">=") followed by an upper bound ("<" or "<="), got "${firstOperator}" then "${secondOperator}"`);
    }
    if (firstBound >= secondBound) throw new PatternSyntaxError(path, `the numeric range's lower bound ${firstBound} must be below its upper bound ${secondBound}`);
    comparisons.push(comparison(secondOperator, secondBound));
  }
  return (value) =>
    value instanceof JsonNumber && Math.abs(value.value) <= NUMERIC_FILTER_LIMIT && comparisons.every((compare) => compare(value.value));
}

function comparisonPair(operator: JsonValue, bound: JsonValue, path: string): [string, number] {
  if (typeof operator !== 'string' || !['=', ...LOWER_BOUNDS, ...UPPER_BOUNDS].includes(operator)) {
    throw new PatternSyntaxError(path, `unrecognized numeric operator ${shown(operator)}; use =, <, <=, > or >=`);
  }
  if (!(bound instanceof JsonNumber)) throw new PatternSyntaxError(path, `"numeric" compares with numbers, got ${shown(bound)} after "${operator}"`);
  if (Math.abs(bound.value) > NUMERIC_FILTER_LIMIT) throw new PatternSyntaxError(path, `numeric value ${bound.text} is outside -5.0e9..5.0e9`);
  return [operator, bound.value];
}

function comparison(operator: string, bound: number): Comparison {
  switch (operator) {
    case '=':
      return (value) => value === bound;
    case '<':
      return (value) => value < bound;
    case '<=':
      return (value) => value <= bound;
    case '>':
      return (value) => value > bound;
    default:
      return (value) => value >= bound;
  }
}

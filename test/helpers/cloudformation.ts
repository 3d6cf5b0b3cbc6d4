/**
 * Just enough of CloudFormation's condition evaluation to read a packaged template the way a
 * deployed stack will be: conditions made of Fn::Equals / Fn::Not over literals, and Fn::If.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Template {
  Conditions?: Record<string, Json>;
  Resources: Record<string, { Type: string; Properties: Record<string, Json> }>;
}

function evaluateCondition(template: Template, condition: Json): boolean {
  if (typeof condition === 'object' && condition !== null && !Array.isArray(condition)) {
    if ('Fn::Equals' in condition) {
      const [left, right] = condition['Fn::Equals'] as Json[];
      return JSON.stringify(left) === JSON.stringify(right);
    }
    if ('Fn::Not' in condition) return !evaluateCondition(template, (condition['Fn::Not'] as Json[])[0]!);
    if ('Condition' in condition) return evaluateCondition(template, template.Conditions![condition.Condition as string]!);
  }
  throw new Error(`unsupported condition ${JSON.stringify(condition)}`);
}

/** `value` with every Fn::If resolved and every AWS::NoValue dropped. */
export function resolveConditions<T extends Json>(template: Template, value: T): T {
  const resolve = (node: Json): Json | undefined => {
    if (Array.isArray(node)) return node.map(resolve).filter((item) => item !== undefined) as Json[];
    if (typeof node !== 'object' || node === null) return node;
    if ('Fn::If' in node) {
      const [name, yes, no] = node['Fn::If'] as [string, Json, Json];
      return resolve(evaluateCondition(template, template.Conditions![name]!) ? yes : no);
    }
    if (node.Ref === 'AWS::NoValue') return undefined;
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, resolve(child)]).filter(([, child]) => child !== undefined));
  };
  return resolve(value) as T;
}

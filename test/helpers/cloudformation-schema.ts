import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase } from '@aws-cdk/service-spec-types';

/**
 * Checks a template's resources against CloudFormation's own resource schemas, as the AWS
 * service specification (`@aws-cdk/aws-service-spec`, what the CDK generates its L1 constructs
 * from) holds them: every resource type must exist, every property name must be one of its type,
 * required ones must be there, and every value must have the property's type and, where the
 * schema lists them, one of its allowed values. Intrinsic functions stand for values known only
 * at deploy time and pass, except `Fn::If`, whose branches are checked.
 */
export class CloudFormationSchema {
  private constructor(private readonly db: SpecDatabase) {}

  private static loaded: CloudFormationSchema | undefined;

  /** The specification, loaded once (about half a second). */
  static load(): CloudFormationSchema {
    CloudFormationSchema.loaded ??= new CloudFormationSchema(loadAwsServiceSpecSync());
    return CloudFormationSchema.loaded;
  }

  /** Every problem of every resource, each naming where it is (`Resources.X.Properties.Y`). */
  problems(resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>): string[] {
    return Object.entries(resources).flatMap(([logicalId, resource]) => this.resourceProblems(`Resources.${logicalId}`, resource));
  }

  private resourceProblems(path: string, resource: { Type: string; Properties?: Record<string, unknown> }): string[] {
    if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') return [];
    const [spec] = this.db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (!spec) return [`${path}.Type: ${resource.Type} is not a CloudFormation resource type`];
    return this.objectProblems(`${path}.Properties`, resource.Properties ?? {}, spec.properties, resource.Type);
  }

  private objectProblems(path: string, value: unknown, properties: Record<string, Property>, typeName: string): string[] {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: ${typeName} must be an object, not ${JSON.stringify(value)}`];
    const given = value as Record<string, unknown>;
    const unknown = Object.keys(given)
      .filter((key) => !(key in properties))
      .map((key) => `${path}.${key}: ${typeName} has no property ${key} (it has ${Object.keys(properties).sort().join(', ')})`);
    const missing = Object.entries(properties)
      .filter(([key, property]) => property.required && given[key] === undefined)
      .map(([key]) => `${path}.${key}: required by ${typeName}`);
    const wrong = Object.entries(given)
      .filter(([key]) => key in properties)
      .flatMap(([key, child]) => this.propertyProblems(`${path}.${key}`, child, properties[key]!));
    return [...unknown, ...missing, ...wrong];
  }

  /** A property takes its current type; CloudFormation still accepts the types it had before. */
  private propertyProblems(path: string, value: unknown, property: Property): string[] {
    const candidates = [property.type, ...(property.previousTypes ?? [])];
    let first: string[] = [];
    for (const [index, type] of candidates.entries()) {
      const problems = this.valueProblems(path, value, type);
      if (problems.length === 0) return [];
      if (index === 0) first = problems;
    }
    return first;
  }

  private valueProblems(path: string, value: unknown, type: PropertyType): string[] {
    const intrinsic = intrinsicOf(value);
    if (intrinsic === 'Fn::If') {
      const [, yes, no] = (value as { 'Fn::If': unknown[] })['Fn::If'];
      return [yes, no].filter((branch) => intrinsicOf(branch) !== 'AWS::NoValue').flatMap((branch) => this.valueProblems(path, branch, type));
    }
    if (intrinsic) return [];
    const wrong = (expected: string): string[] => [`${path}: expected ${expected}, not ${JSON.stringify(value)}`];
    switch (type.type) {
      case 'string':
        if (typeof value !== 'string') return wrong('a string');
        return type.allowedValues && !type.allowedValues.includes(value) ? wrong(`one of ${type.allowedValues.join(', ')}`) : [];
      case 'integer':
        return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value)) ? [] : wrong('an integer');
      case 'number':
        return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) ? [] : wrong('a number');
      case 'boolean':
        return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : wrong('a boolean');
      case 'date-time':
        return typeof value === 'string' ? [] : wrong('a date-time string');
      case 'null':
        return value === null ? [] : wrong('null');
      case 'json':
        return [];
      case 'tag':
        return this.objectProblems(path, value, { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } }, 'Tag');
      case 'array':
        return Array.isArray(value) ? value.flatMap((item, index) => this.valueProblems(`${path}[${index}]`, item, type.element)) : wrong('a list');
      case 'map':
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('a map');
        return Object.entries(value).flatMap(([key, item]) => this.valueProblems(`${path}.${key}`, item, type.element));
      case 'union': {
        const each = type.types.map((member) => this.valueProblems(path, value, member));
        return each.some((problems) => problems.length === 0) ? [] : [`${path}: matches none of its types: ${each.map((problems) => problems.join('; ')).join(' | ')}`];
      }
      case 'ref': {
        const definition = this.db.get('typeDefinition', type.reference.$ref);
        return this.objectProblems(path, value, definition.properties, definition.name);
      }
    }
  }
}

/** `Ref`, `Fn::*` or `AWS::NoValue` when the value is one intrinsic function, else undefined. */
function intrinsicOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  if (key === 'Ref') return (value as { Ref: unknown }).Ref === 'AWS::NoValue' ? 'AWS::NoValue' : 'Ref';
  return key.startsWith('Fn::') ? key : undefined;
}

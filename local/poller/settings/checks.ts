/**
 * Field checks that word their findings the way the Lambda API does ("Value '20000' at
 * 'BatchSize' failed to satisfy constraint: ...") and prefix each with where the value sits in
 * serverless.yml, collecting every problem instead of stopping at the first.
 */

export class Problems {
  private readonly found: string[] = [];

  add(path: string, message: string): void {
    this.found.push(`${path}: ${message}`);
  }

  get all(): readonly string[] {
    return this.found;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface WholeNumberRange {
  min: number;
  max: number;
  /** -1 is also accepted, meaning infinite (retries, record age). */
  infinite?: boolean;
}

/** Reads the fields of one settings object (`...events[0].msk`, `custom.eventSourceMappings.fn`). */
export class SettingsReader {
  constructor(
    private readonly object: Record<string, unknown>,
    readonly path: string,
    readonly problems: Problems,
  ) {}

  has(key: string): boolean {
    return this.object[key] !== undefined;
  }

  raw(key: string): unknown {
    return this.object[key];
  }

  fail(key: string, message: string): void {
    this.problems.add(`${this.path}.${key}`, message);
  }

  /** Keys a typo produced fail loudly, naming the key and what is known. */
  rejectUnknownKeys(known: readonly string[], whatItIs: string): void {
    for (const key of Object.keys(this.object).filter((key) => !known.includes(key))) {
      this.fail(key, `unknown setting; ${whatItIs} takes ${known.join(', ')}`);
    }
  }

  wholeNumber(key: string, awsName: string, range: WholeNumberRange): number | undefined {
    const value = this.object[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.violates(key, awsName, 'Member must be a whole number');
    if (range.infinite && value === -1) return value;
    if (value < range.min || value > range.max) {
      if (range.infinite) return this.violates(key, awsName, `Member must be -1 (infinite) or between ${range.min} and ${range.max}`);
      const bound = value < range.min ? `greater than or equal to ${range.min}` : `less than or equal to ${range.max}`;
      return this.violates(key, awsName, `Member must have value ${bound}`);
    }
    return value;
  }

  boolean(key: string, awsName: string): boolean | undefined {
    const value = this.object[key];
    if (value === undefined || typeof value === 'boolean') return value;
    return this.violates(key, awsName, 'Member must be a boolean (true or false)');
  }

  oneOf<T extends string>(key: string, awsName: string, values: readonly T[]): T | undefined {
    const value = this.object[key];
    if (value === undefined || values.includes(value as T)) return value as T | undefined;
    return this.violates(key, awsName, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }

  /** A string within AWS's length limits that matches AWS's pattern (whole string, as the API applies it). */
  text(key: string, awsName: string, rule: { maxLength?: number; pattern?: string }): string | undefined {
    const value = this.object[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.violates(key, awsName, 'Member must be a string');
    if (value.length < 1) return this.violates(key, awsName, 'Member must have length greater than or equal to 1');
    if (rule.maxLength !== undefined && value.length > rule.maxLength) return this.violates(key, awsName, `Member must have length less than or equal to ${rule.maxLength}`);
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) {
      return this.violates(key, awsName, `Member must satisfy regular expression pattern: ${rule.pattern}`);
    }
    return value;
  }

  private violates(key: string, awsName: string, constraint: string): undefined {
    this.fail(key, `Value '${shownValue(this.object[key])}' at '${awsName}' failed to satisfy constraint: ${constraint}`);
    return undefined;
  }
}

function shownValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

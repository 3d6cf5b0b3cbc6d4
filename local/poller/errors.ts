/**
 * The poller's own errors, as Powertools shapes its own: one base class, so a caller can tell the
 * poller's failures (a setting AWS would refuse, a function that does not load, a mapping that
 * cannot connect) from anything unexpected; each subclass sets its `name` and passes `{ cause }`.
 */
export class PollerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PollerError';
  }
}

/**
 * Configuration AWS would refuse when the event source mapping is created. It reads like Lambda's
 * `InvalidParameterValueException`, so a setting that fails here fails the same way at deploy
 * time, and the poller refuses to start instead of running a mapping AWS would not.
 */
export class InvalidParameterValueError extends PollerError {
  constructor(message: string, options?: ErrorOptions) {
    super(`InvalidParameterValueException: ${message}`, options);
    this.name = 'InvalidParameterValueError';
  }
}

/** The kinds of failure Lambda's runtime reports before a handler runs, by Lambda's `errorType`. */
export type RuntimeErrorType = 'Runtime.UserCodeSyntaxError' | 'Runtime.ImportModuleError' | 'Runtime.HandlerNotFound';

/** A function that cannot run, reported with Lambda's `errorType` as the invocation's error. */
export class LambdaRuntimeError extends PollerError {
  constructor(
    readonly errorType: RuntimeErrorType,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'LambdaRuntimeError';
  }
}

/** One or more `FilterCriteria.Filters[].Pattern` would be rejected; `problems` name each pattern's index. */
export class FilterPatternError extends InvalidParameterValueError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} invalid filter patterns:\n${bulleted(problems)}`, options);
    this.name = 'FilterPatternError';
    this.problems = problems;
  }
}

/** The problems found in the Kafka event source mappings of one function (of the whole service without a name). */
export interface MappingProblems {
  functionName?: string;
  problems: readonly string[];
}

/** Every problem of every mapping at once, so one run shows all there is to fix. */
export class EsmSettingsError extends InvalidParameterValueError {
  readonly failures: readonly MappingProblems[];

  constructor(failures: readonly MappingProblems[], options?: ErrorOptions) {
    super(
      failures
        .map(({ functionName, problems }) => {
          const where = functionName === undefined ? "the service's event source mappings" : `the event source mapping of function "${functionName}"`;
          return `${errorCount(problems.length)} in ${where}:\n${bulleted(problems)}`;
        })
        .join('\n'),
      options,
    );
    this.name = 'EsmSettingsError';
    this.failures = failures;
  }
}

function errorCount(count: number): string {
  return count === 1 ? '1 validation error' : `${count} validation errors`;
}

function bulleted(lines: readonly string[]): string {
  return lines.map((line) => `  - ${line}`).join('\n');
}

import { FUNCTION_DEFAULTS, KAFKA_FUNCTION_TIMEOUT_SECONDS } from '../aws-limits';
import type { MappingProblems } from '../errors';

/**
 * AWS's Kafka pages: "event source mappings for Amazon MSK, self-managed Apache Kafka, ... only
 * support functions with maximum timeout limits of 14 minutes." Lambda would refuse the mapping
 * at deploy time; `serverless package` and the poller refuse it first.
 */
export function kafkaFunctionTimeoutProblems(
  functions: Record<string, { timeout?: unknown } | null | undefined>,
  kafkaTriggered: ReadonlySet<string>,
  providerTimeout: unknown,
): MappingProblems[] {
  const failures: MappingProblems[] = [];
  for (const functionName of kafkaTriggered) {
    const own = functions[functionName]?.timeout;
    const timeout = Number(own ?? providerTimeout ?? FUNCTION_DEFAULTS.timeoutSeconds);
    if (timeout <= KAFKA_FUNCTION_TIMEOUT_SECONDS) continue;
    const where = own !== undefined ? `functions.${functionName}.timeout` : 'provider.timeout';
    failures.push({
      functionName,
      problems: [
        `${where}: ${timeout} seconds is over the ${KAFKA_FUNCTION_TIMEOUT_SECONDS} seconds (14 minutes) Lambda allows a function an Amazon MSK or self-managed Apache Kafka event source mapping invokes`,
      ],
    });
  }
  return failures;
}

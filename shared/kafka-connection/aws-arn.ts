import { z } from 'zod';

/**
 * An ARN as the configuration read it, once: its text for calls and messages, and the region it
 * names, where each AWS call about it goes (a secret or a cluster in another region than the
 * function's is still found).
 */
export interface AwsArn {
  readonly arn: string;
  readonly region: string;
}

/** A variable holding an ARN that `pattern` matches; `pattern` captures the region as `(?<region>...)`. */
export function arnVariable(pattern: RegExp, message: string) {
  return z
    .string()
    .trim()
    .transform((arn, context): AwsArn => {
      const region = pattern.exec(arn)?.groups?.region;
      if (region) return { arn, region };
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
}

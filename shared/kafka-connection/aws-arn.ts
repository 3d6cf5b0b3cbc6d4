import * as z from 'zod/mini';

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
  return z.pipe(
    z.string().check(z.trim()),
    z.transform((arn: string, context): AwsArn => {
      const region = pattern.exec(arn)?.groups?.region;
      if (region) return { arn, region };
      context.issues.push({ code: 'custom', message, input: arn });
      return z.NEVER;
    }),
  );
}

const anyArn = /^arn:aws[a-z-]*:[a-z0-9-]+:(?<region>[a-z]{2}(-[a-z]+)+-\d+):/;

/** Any ARN with a region in it, for code that is handed one (an event's secret, a cluster); undefined when `text` is not one. */
export function awsArnOf(text: string): AwsArn | undefined {
  const region = anyArn.exec(text)?.groups?.region;
  return region === undefined ? undefined : { arn: text, region };
}

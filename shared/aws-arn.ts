/**
 * The region an ARN names (its fourth field). Each AWS call goes to the region of the resource it
 * reads, so a secret or a cluster in another region than the function's is still found.
 */
export function regionOfArn(arn: string): string {
  return arn.split(':')[3] ?? '';
}

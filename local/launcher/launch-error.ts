/**
 * A local service cannot be started here (no Docker engine nor Java, a port someone else holds), or
 * the one running does not fit what was asked. Not Kafka or DynamoDB being down: the fix is the
 * setup, which the message names.
 */
export class LaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LaunchError';
  }
}

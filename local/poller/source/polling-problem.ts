/** kafkajs's words when a partition's topic is gone (UNKNOWN_TOPIC_OR_PARTITION). */
const TOPIC_GONE = 'This server does not host this topic-partition';

/**
 * The cause to show when a kafkajs ERROR log entry means the mapping cannot poll: the broker
 * cannot be reached, the topic is gone, the login is refused. Undefined for the errors kafkajs
 * logs in normal operation (a rebalance, a moved coordinator), which it recovers from by itself.
 * kafkajs retries these for minutes before it gives up; the entries show them within a second.
 */
export function pollingProblem(message: string, fields: Record<string, unknown>, topic: string): string | undefined {
  const error = typeof fields.error === 'string' ? fields.error : '';
  const broker = typeof fields.broker === 'string' ? fields.broker : undefined;
  if (message.startsWith('Connection error') || message.startsWith('Connection timeout') || message.startsWith('Failed to connect')) {
    return broker && !message.includes(broker) ? `${message} (broker ${broker})` : message;
  }
  if (error === TOPIC_GONE) return `Topic ${topic} not found: ${error}`;
  if (/SASL|authenticat/i.test(`${message} ${error}`)) return error ? `${message}: ${error}` : message;
  return undefined;
}

/** A crash's cause in one line: the error, and what it wraps. */
export function crashCause(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const line = `${error.name}: ${error.message}`;
  return cause && !error.message.includes(cause.message) ? `${line} (${cause.name}: ${cause.message})` : line;
}

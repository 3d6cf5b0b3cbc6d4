import { KafkaJSProtocolError, KafkaJSSASLAuthenticationError, type Kafka } from 'kafkajs';
import { KafkaSetupError, type KafkaAuthError } from './kafka-setup-error';

/** The broker's reason for refusing a login, as an error naming the mechanism and who tried to log in. */
export type LoginRefused = (reason: string, options?: ErrorOptions) => KafkaAuthError;

/** What a caller makes of a Kafka: producers, consumers and admins. */
export type KafkaClients = Pick<Kafka, 'producer' | 'consumer' | 'admin'>;

/**
 * The error to hand on for a failed kafkajs call. kafkajs reports a refused password as a bare
 * "SASL ... authentication failed", often wrapped in its retry errors; that becomes `refused`,
 * which names the mode and the user. A SASL login sent to a listener without SASL, or none sent
 * to a SASL listener, shows up as ILLEGAL_SASL_STATE on the next request: a refused login too. A
 * KafkaSetupError raised while logging in (an IAM token that could not be signed or was refused)
 * comes out unwrapped. Anything else is handed on as it is.
 */
export function explainAuthFailure(error: unknown, refused: LoginRefused): unknown {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (cause instanceof KafkaSetupError) return cause;
    if (cause instanceof KafkaJSSASLAuthenticationError) return refused(cause.message.replace(/^SASL [\w -]+ authentication failed: /, ''), { cause });
    if (cause instanceof KafkaJSProtocolError && cause.type === 'ILLEGAL_SASL_STATE') {
      return refused(`the broker did not take the login (${cause.message}): these brokers are not the listener of that mechanism`, { cause });
    }
  }
  return error;
}

/** `kafka` whose producers, consumers and admins reject with `explain(error)` wherever they fail. */
export function explainingFailures(kafka: KafkaClients, explain: (error: unknown) => unknown): KafkaClients {
  return {
    producer: (config) => explaining(kafka.producer(config), explain),
    consumer: (config) => explaining(kafka.consumer(config), explain),
    admin: (config) => explaining(kafka.admin(config), explain),
  };
}

// A login happens on whichever call opens a connection (connect, send, a fetch from a new broker),
// so every method that returns a promise is covered, not just connect.
function explaining<T extends object>(client: T, explain: (error: unknown) => unknown): T {
  return new Proxy(client, {
    get(target, property) {
      const member: unknown = Reflect.get(target, property);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const result: unknown = member.apply(target, args);
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(explain(error))) : result;
      };
    },
  });
}

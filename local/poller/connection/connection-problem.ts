import { explainAuthFailure, KafkaSetupError, type LoginRefused } from '../../../shared/kafka-connection';
import { PollerError } from '../errors';

/**
 * A mapping cannot connect the way it logs in: a secret that cannot be read, a refused login, a
 * TLS handshake that fails, brokers that do not answer. The mapping shows the message as its problem
 * and tries again later; nothing else stops.
 */
export class ConnectionProblem extends PollerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConnectionProblem';
  }
}

// Node's words for a TLS handshake that fails, and what to do about each.
const TLS_ADVICE: [RegExp, string][] = [
  [/unable to verify|self[- ]signed certificate|unable to get (local )?issuer/i, "the broker's certificate is not signed by a CA the poller trusts: name the CA in serverRootCaCertificate (or NODE_EXTRA_CA_CERTS)"],
  [/does not match certificate's altnames|Hostname\/IP does not match/i, "the broker's certificate is not for the host name connected to: through a tunnel, map the broker host names to 127.0.0.1 (/etc/hosts) and connect by those names"],
  [/alert bad certificate|alert certificate required|alert unknown ca/i, 'the broker refused the client certificate: it must be signed by a CA in the broker\'s truststore (clientCertificateTlsAuth)'],
  [/wrong version number|packet length too long|ECONNRESET|socket hang up/i, 'TLS did not start: is this a TLS listener? (a plaintext listener answers TLS like this)'],
  [/certificate has expired/i, "the broker's certificate has expired"],
];

function messages(error: unknown): string[] {
  const found: string[] = [];
  for (let cause: unknown = error; cause instanceof Error && found.length < 5; cause = cause.cause ?? (cause as { originalError?: unknown }).originalError) found.push(cause.message);
  return found;
}

/**
 * The cause to show for a failed connection: the setup error (secret, token, discovery) or the
 * broker's refusal as the login words it, a TLS failure with what to check, else kafkajs's own message.
 */
export function connectionProblem(error: unknown, refused: LoginRefused | undefined, where: string): ConnectionProblem {
  if (error instanceof ConnectionProblem) return error;
  const explained = refused ? explainAuthFailure(error, refused) : error;
  if (explained instanceof KafkaSetupError) return new ConnectionProblem(explained.message, { cause: error });
  const all = messages(error);
  const text = all.join(' / ');
  const tls = TLS_ADVICE.find(([pattern]) => pattern.test(text));
  const first = all.find((message) => message.length > 0) ?? String(error);
  return new ConnectionProblem(tls ? `TLS to ${where} failed (${first.trim()}): ${tls[1]}` : `Kafka at ${where}: ${first.trim()}`, { cause: error });
}

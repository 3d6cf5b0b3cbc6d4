import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { KafkaAuthError } from '../../../../shared/kafka-connection';
import { connectionProblem } from '../../../../local/poller/connection/connection-problem';

// kafkajs's types give its errors no constructor arguments; at run time they take the message.
const SaslFailure = KafkaJSSASLAuthenticationError as unknown as new (message: string) => KafkaJSSASLAuthenticationError;
const refused = (reason: string, options?: ErrorOptions) => new KafkaAuthError(`Kafka refused the SASL/PLAIN over TLS (secret arn:s) login of user "me": ${reason}`, options);
// kafkajs wraps a failed connect in its retry error, with Node's TLS message inside.
const tlsFailure = (message: string) => new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError(`Connection error: ${message}`), { retryCount: 0, retryTime: 0 });

describe('connectionProblem', () => {
  it("words a refused login in the login's terms", () => {
    const error = new SaslFailure('SASL PLAIN authentication failed: Authentication failed: Invalid username or password');

    expect(connectionProblem(error, refused, 'b:9096').message).toBe('Kafka refused the SASL/PLAIN over TLS (secret arn:s) login of user "me": Authentication failed: Invalid username or password');
  });

  it('hands on what the secrets, the token or the discovery said', () => {
    expect(connectionProblem(new KafkaAuthError('Kafka SASL secret (PLAIN) arn:s not found'), undefined, 'b:9096').message).toBe('Kafka SASL secret (PLAIN) arn:s not found');
  });

  it.each([
    ['unable to verify the first certificate', "the broker's certificate is not signed by a CA the poller trusts"],
    ['self-signed certificate in certificate chain', "the broker's certificate is not signed by a CA the poller trusts"],
    ["Hostname/IP does not match certificate's altnames: IP: 127.0.0.2 is not in the cert's list: 127.0.0.1", "the broker's certificate is not for the host name connected to"],
    ['803C:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate', 'the broker refused the client certificate'],
    ['ssl3_get_record:wrong version number', 'TLS did not start: is this a TLS listener?'],
  ])('names a TLS failure (%s) and what to check', (message, advice) => {
    const problem = connectionProblem(tlsFailure(message), refused, 'b-1:9096').message;

    expect(problem.startsWith(`TLS to b-1:9096 failed (`)).toBe(true);
    expect(problem).toContain(message);
    expect(problem).toContain(advice);
  });

  it("hands on kafkajs's words for anything else, with the brokers", () => {
    expect(connectionProblem(new KafkaJSConnectionError('Connection timeout'), refused, 'b-1:9096').message).toBe('Kafka at b-1:9096: Connection timeout');
  });
});

import type { AuthenticationProviderArgs, Logger, Mechanism } from 'kafkajs';
import { KafkaAuthError } from '../../../../shared/kafka-connection/kafka-setup-error';
import { oauthBearerLogin } from '../../../../shared/kafka-connection/oauthbearer-login';

// The Kafka protocol's BYTES, as on the wire: a 32-bit length, then the bytes.
function frame(text: string): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(Buffer.byteLength(text));
  return Buffer.concat([length, Buffer.from(text)]);
}

/** Runs the login against a broker that answers `answer` (the SaslAuthenticate auth bytes); returns what was sent. */
async function logIn(mechanism: Mechanism, answer: Buffer): Promise<Buffer[]> {
  const sent: Buffer[] = [];
  const saslAuthenticate = (async ({ request, response }) => {
    sent.push(await request.encode());
    return response && response.parse(await response.decode(answer));
  }) as AuthenticationProviderArgs['saslAuthenticate'];
  await mechanism.authenticationProvider({ host: 'b-1', port: 9098, logger: {} as Logger, saslAuthenticate }).authenticate();
  return sent;
}

const refused = (reason: string) => new KafkaAuthError(`refused: ${reason}`);

describe('oauthBearerLogin', () => {
  it('sends the token as the OAUTHBEARER initial response, and is logged in when the broker answers nothing', async () => {
    const login = oauthBearerLogin(async () => ({ value: 'signed-token' }), refused);

    const sent = await logIn(login, frame(''));

    expect(login.mechanism).toBe('oauthbearer');
    expect(sent).toEqual([frame('n,,\u0001auth=Bearer signed-token\u0001\u0001')]);
  });

  it("fails at once, with the broker's error challenge, when the broker refuses the token", async () => {
    const login = oauthBearerLogin(async () => ({ value: 'expired-token' }), refused);

    await expect(logIn(login, frame('{"status":"invalid_token"}'))).rejects.toThrow(new KafkaAuthError('refused: the broker refused the token: {"status":"invalid_token"}'));
  });

  it('fails with the signing error when no token could be had', async () => {
    const unsigned = new KafkaAuthError('Kafka IAM authentication: could not sign a token in us-east-1: no credentials');
    const login = oauthBearerLogin(() => Promise.reject(unsigned), refused);

    await expect(logIn(login, frame(''))).rejects.toBe(unsigned);
  });
});

import type { Mechanism, OauthbearerProviderResponse } from 'kafkajs';

const SOH = '\u0001';

/**
 * SASL/OAUTHBEARER for kafkajs that reads the broker's answer. kafkajs's own `oauthbearer` sends
 * the token and ignores the answer, so a refused token (the broker answers with an error
 * challenge, RFC 7628) only shows when the next request fails as ILLEGAL_SASL_STATE or the
 * connection closes, which looks like an outage. Here a refusal rejects the login at once with
 * `refused(...)`, and kafkajs does not retry it.
 */
export function oauthBearerLogin(token: () => Promise<OauthbearerProviderResponse>, refused: (reason: string) => Error): Mechanism {
  return {
    mechanism: 'oauthbearer',
    authenticationProvider: ({ saslAuthenticate }) => ({
      authenticate: async () => {
        const { value } = await token();
        const answer = await saslAuthenticate({
          request: { encode: () => saslBytes(`n,,${SOH}auth=Bearer ${value}${SOH}${SOH}`) },
          response: { decode: async (bytes: Buffer) => fromSaslBytes(bytes), parse: (bytes: Buffer) => bytes.toString('utf8') },
        });
        // Success is an empty answer; anything else is the broker's error challenge.
        if (answer) throw refused(`the broker refused the token: ${answer}`);
      },
    }),
  };
}

// The Kafka protocol's BYTES, both ways: a 32-bit length (-1 for none), then the bytes.
function saslBytes(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function fromSaslBytes(frame: Buffer | null | undefined): Buffer {
  if (!frame || frame.length < 4) return Buffer.alloc(0);
  return frame.subarray(4, 4 + Math.max(0, frame.readInt32BE(0)));
}

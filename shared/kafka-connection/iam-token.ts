import type { OauthbearerProviderResponse } from 'kafkajs';
import { CachedPromise } from '../cached-promise';
import { KafkaAuthError } from './kafka-setup-error';

/**
 * A token is signed afresh once less than this remains of it (they last 15 minutes), so a login
 * never presents one that expires on the way to the broker.
 */
export const IAM_TOKEN_REFRESH_MS = 60_000;

interface SignedToken {
  value: string;
  expiresAt: number;
}

/**
 * kafkajs's `oauthBearerProvider` for MSK IAM: a token signed with the function's role for
 * `region`, kept and reused until it nears its expiry. kafkajs asks on every new connection, so
 * without the cache each broker connection would sign again. A failed signing is not kept.
 */
export function iamTokenProvider(region: string): () => Promise<OauthbearerProviderResponse> {
  const token = new CachedPromise(() => signToken(region));
  return async () => {
    const kept = token.get();
    let signed = await kept;
    if (signed.expiresAt - Date.now() < IAM_TOKEN_REFRESH_MS) {
      token.forget(kept);
      signed = await token.get();
    }
    return { value: signed.value };
  };
}

async function signToken(region: string): Promise<SignedToken> {
  try {
    // Loaded on first use (it loads the AWS SDK's credential providers): a function that logs in
    // another way does not pay for it in its cold start.
    const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
    const { token, expiryTime } = await generateAuthToken({ region });
    return { value: token, expiresAt: expiryTime };
  } catch (error) {
    throw new KafkaAuthError(`Kafka IAM authentication: could not sign a token in ${region}: ${(error as Error).message}`, { cause: error });
  }
}

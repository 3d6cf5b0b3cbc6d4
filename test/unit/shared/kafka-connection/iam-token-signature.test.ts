import { createHash, createHmac } from 'node:crypto';
import { iamTokenProvider } from '../../../../shared/kafka-connection/iam-token';

// AWS's documentation example credentials (SigV4 guide): not a secret, and no account behind them.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const SIGNED_AT = new Date(Date.UTC(2026, 10, 21, 12, 0, 0));
const REGION = 'eu-west-1';

const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The MSK IAM token written out from its specification, independently of the signer library: a
 * SigV4-presigned `GET https://kafka.<region>.amazonaws.com/?Action=kafka-cluster:Connect`, valid
 * 900 s, as a base64url URL with the signer's User-Agent added
 * (https://github.com/aws/aws-msk-iam-sasl-signer-js README, "Token format"; SigV4 query signing:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).
 */
function expectedToken(): string {
  const host = `kafka.${REGION}.amazonaws.com`;
  const longDate = '20261121T120000Z';
  const scope = `20261121/${REGION}/kafka-cluster/aws4_request`;
  const query = [
    ['Action', 'kafka-cluster:Connect'],
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${CREDENTIALS.AWS_ACCESS_KEY_ID}/${scope}`],
    ['X-Amz-Date', longDate],
    ['X-Amz-Expires', '900'],
    ['X-Amz-SignedHeaders', 'host'],
  ]
    .map(([key, value]) => `${encodeURIComponent(key!)}=${encodeURIComponent(value!)}`)
    .join('&');
  const canonicalRequest = ['GET', '/', query, `host:${host}`, '', 'host', sha256('')].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, sha256(canonicalRequest)].join('\n');
  const key = ['20261121', REGION, 'kafka-cluster', 'aws4_request'].reduce<Buffer | string>((signing, part) => hmac(signing, part), `AWS4${CREDENTIALS.AWS_SECRET_ACCESS_KEY}`);
  const signature = hmac(key, stringToSign).toString('hex');
  // The token's URL lists the signed query, the signature and the User-Agent by name.
  const all = `${query}&X-Amz-Signature=${signature}&User-Agent=${encodeURIComponent('aws-msk-iam-sasl-signer-js/1.0.3')}`.split('&').sort();
  const url = `https://${host}/?${all.join('&')}`;
  return Buffer.from(url, 'utf8').toString('base64url');
}

describe('the IAM token the functions and the poller log in with', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    jest.useFakeTimers({ now: SIGNED_AT, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    for (const name of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE']) delete process.env[name];
    Object.assign(process.env, CREDENTIALS);
  });
  afterAll(() => {
    jest.useRealTimers();
    process.env = saved;
  });

  it('is the SigV4-presigned kafka-cluster:Connect URL of the cluster region, signed with the credentials at hand', async () => {
    const { value } = await iamTokenProvider(REGION)();

    expect(Buffer.from(value, 'base64url').toString('utf8')).toBe(Buffer.from(expectedToken(), 'base64url').toString('utf8'));
    expect(value).toBe(expectedToken());
  });
});

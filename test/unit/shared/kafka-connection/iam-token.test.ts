import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { IAM_TOKEN_REFRESH_MS, iamTokenProvider } from '../../../../shared/kafka-connection/iam-token';
import { KafkaAuthError } from '../../../../shared/kafka-connection/kafka-setup-error';

jest.mock('aws-msk-iam-sasl-signer-js', () => ({ generateAuthToken: jest.fn() }));

const sign = jest.mocked(generateAuthToken);
const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const FIFTEEN_MINUTES = 15 * 60_000;

describe('iamTokenProvider', () => {
  let now = NOW;
  beforeEach(() => {
    now = NOW;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    let signed = 0;
    sign.mockImplementation(async () => ({ token: `token-${(signed += 1)}`, expiryTime: now + FIFTEEN_MINUTES }));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    sign.mockReset();
  });

  it('signs for the region of the cluster and hands kafkajs the token', async () => {
    const token = iamTokenProvider('eu-west-1');

    await expect(token()).resolves.toEqual({ value: 'token-1' });
    expect(sign).toHaveBeenCalledWith({ region: 'eu-west-1' });
  });

  it('reuses the token for every connection until less than a minute of it remains, then signs anew', async () => {
    const token = iamTokenProvider('eu-west-1');
    await token();

    now = NOW + FIFTEEN_MINUTES - IAM_TOKEN_REFRESH_MS - 1;
    await expect(token()).resolves.toEqual({ value: 'token-1' });
    now += 2;
    await expect(token()).resolves.toEqual({ value: 'token-2' });
    expect(sign).toHaveBeenCalledTimes(2);
  });

  it('signs once for connections that ask at the same time', async () => {
    const token = iamTokenProvider('eu-west-1');

    const tokens = await Promise.all([token(), token(), token()]);

    expect(tokens).toEqual([{ value: 'token-1' }, { value: 'token-1' }, { value: 'token-1' }]);
    expect(sign).toHaveBeenCalledTimes(1);
  });

  it('names the region and the cause when it cannot sign, and tries again on the next connection', async () => {
    const token = iamTokenProvider('us-east-1');
    sign.mockRejectedValueOnce(new Error('Could not load credentials from any providers'));

    const failure = token();

    await expect(failure).rejects.toBeInstanceOf(KafkaAuthError);
    await expect(failure).rejects.toThrow('Kafka IAM authentication: could not sign a token in us-east-1: Could not load credentials from any providers');
    await expect(token()).resolves.toEqual({ value: 'token-1' });
  });
});

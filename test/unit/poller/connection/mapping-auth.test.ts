import { chosenAuth, describeLogin, type MappingAuth } from '../../../../local/poller/connection/mapping-auth';

const SCRAM_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_dev';
const OTHER_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:my-user';
const IAM_EVENT: MappingAuth = { login: { kind: 'iam' }, tls: true };
const SCRAM_EVENT: MappingAuth = { login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn: SCRAM_SECRET }, tls: true };

describe('--kafka-auth', () => {
  it('event: logs in as the event deploys it', () => {
    expect(chosenAuth(SCRAM_EVENT, { choice: 'event' }, 'fn')).toBe(SCRAM_EVENT);
  });

  it('none: the open local broker, whatever the event says', () => {
    expect(chosenAuth(IAM_EVENT, { choice: 'none' }, 'fn')).toEqual({ login: { kind: 'none' }, tls: false });
  });

  it("a SASL mechanism: replaces the event's login, with the event's secret or the one given", () => {
    expect(chosenAuth(SCRAM_EVENT, { choice: 'scram-sha-256' }, 'fn')).toEqual({ login: { kind: 'sasl', mechanism: 'scram-sha-256', secretArn: SCRAM_SECRET }, tls: true });
    expect(chosenAuth(IAM_EVENT, { choice: 'scram-sha-512', secretArn: OTHER_SECRET }, 'fn')).toEqual({
      login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn: OTHER_SECRET },
      tls: true,
    });
  });

  it('iam: IAM over TLS instead of the SCRAM secret', () => {
    expect(chosenAuth(SCRAM_EVENT, { choice: 'iam' }, 'fn')).toEqual(IAM_EVENT);
  });

  it('a SASL mechanism with no secret anywhere: says which option gives one', () => {
    expect(() => chosenAuth(IAM_EVENT, { choice: 'plain' }, 'the msk event of fn')).toThrow(
      '--kafka-auth plain needs a username and password, and the msk event of fn names no SASL secret: give one with --kafka-auth-secret <secret ARN>',
    );
  });

  it('describes each login for the logs, secrets by ARN only', () => {
    expect(describeLogin(SCRAM_EVENT)).toBe(`SASL/SCRAM-SHA-512 over TLS (secret ${SCRAM_SECRET})`);
    expect(describeLogin(IAM_EVENT)).toBe('IAM (SASL/OAUTHBEARER) over TLS');
    expect(describeLogin({ login: { kind: 'none' }, tls: false })).toBe('no login, no TLS');
  });
});

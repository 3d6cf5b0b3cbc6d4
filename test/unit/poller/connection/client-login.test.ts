import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { clientLogin } from '../../../../local/poller/connection/client-login';
import type { MappingAuth } from '../../../../local/poller/connection/mapping-auth';

const secret = (name: string) => `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${name}`;
const CA = '-----BEGIN CERTIFICATE-----\nMIIB...ca\n-----END CERTIFICATE-----\n';
const CLIENT = '-----BEGIN CERTIFICATE-----\nMIIB...client\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE...key\n-----END PRIVATE KEY-----\n';

describe('clientLogin: kafkajs options from the secrets of a mapping', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  afterEach(() => secretsManager.reset());
  afterAll(() => secretsManager.restore());

  it('takes a client certificate, its key and a root CA in the shapes Lambda reads', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: secret('cert') }).resolves({ SecretString: JSON.stringify({ certificate: CLIENT + CA, privateKey: KEY, privateKeyPassword: 'pw' }) });
    secretsManager.on(GetSecretValueCommand, { SecretId: secret('ca') }).resolves({ SecretString: JSON.stringify({ certificate: CA }) });
    const auth: MappingAuth = { login: { kind: 'client-certificate', secretArn: secret('cert') }, tls: true, serverRootCaSecretArn: secret('ca') };

    const login = await clientLogin(auth, undefined);

    expect(login.ssl).toEqual({ ca: CA, cert: CLIENT + CA, key: KEY, passphrase: 'pw' });
    expect(login.sasl).toBeUndefined();
  });

  it("logs in with the secret's username and password over TLS with the system's CAs, and words a refusal with the user", async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"username":"me","password":"s3cret"}' });

    const login = await clientLogin({ login: { kind: 'sasl', mechanism: 'scram-sha-256', secretArn: secret('sasl') }, tls: true }, undefined);

    expect(login).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-256', username: 'me', password: 's3cret' } });
    expect(login.refused('Authentication failed').message).toBe(`Kafka refused the SASL/SCRAM-SHA-256 over TLS (secret ${secret('sasl')}) login of user "me": Authentication failed`);
  });

  it('says what shape a client certificate secret must have, never quoting it', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ certificate: CLIENT, key: KEY }) });

    const failure = clientLogin({ login: { kind: 'client-certificate', secretArn: secret('cert') }, tls: true }, undefined);

    await expect(failure).rejects.toThrow(`Kafka client certificate secret (clientCertificateTlsAuth) ${secret('cert')} is not the JSON Lambda expects: {"certificate":`);
    await expect(failure).rejects.not.toThrow(/MIIE/);
  });

  it('names an ARN that is not one, before asking Secrets Manager', async () => {
    await expect(clientLogin({ login: { kind: 'sasl', mechanism: 'plain', secretArn: 'my-secret' }, tls: true }, undefined)).rejects.toThrow(
      'Kafka SASL secret (PLAIN) my-secret is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)',
    );
    expect(secretsManager.calls()).toHaveLength(0);
  });

  it('refuses a CloudFormation function for a secret, saying how to name it', async () => {
    await expect(clientLogin({ login: { kind: 'sasl', mechanism: 'plain', secretArn: '{"Ref":"KafkaSecret"}' }, tls: true }, undefined)).rejects.toThrow(
      'Kafka SASL secret (PLAIN) {"Ref":"KafkaSecret"} is a CloudFormation function, which cannot be resolved locally: name the secret by its ARN (${param:...} or ${ssm:...} can give it)',
    );
  });

  it('needs a region to sign an IAM token for', async () => {
    await expect(clientLogin({ login: { kind: 'iam' }, tls: true }, undefined)).rejects.toThrow(/no region to sign the token for: set AWS_REGION/);
  });
});

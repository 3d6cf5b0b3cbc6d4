import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { KafkaAuthError } from '../../../../shared/kafka-connection/kafka-setup-error';
import { fetchScramCredentials } from '../../../../shared/kafka-connection/scram-credentials';
import { MSK_SCRAM_SECRET, MSK_SCRAM_SECRET_ARN } from '../../../helpers/msk-cluster';


describe('fetchScramCredentials', () => {
  const secretsManager = mockClient(SecretsManagerClient);
  afterEach(() => secretsManager.reset());
  afterAll(() => secretsManager.restore());

  it('reads the username and password MSK checks logins against, from the region of the secret', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: MSK_SCRAM_SECRET_ARN }).resolves({ SecretString: '{"username":"alice","password":"s3cret"}' });

    await expect(fetchScramCredentials(MSK_SCRAM_SECRET)).resolves.toEqual({ username: 'alice', password: 's3cret' });
    await expect(secretsManager.call(0).thisValue.config.region()).resolves.toBe('eu-west-1');
  });

  it('says the secret was not found', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: "Secrets Manager can't find the specified secret.", $metadata: {} }));

    const failure = fetchScramCredentials(MSK_SCRAM_SECRET);

    await expect(failure).rejects.toBeInstanceOf(KafkaAuthError);
    await expect(failure).rejects.toThrow(`Kafka SCRAM secret ${MSK_SCRAM_SECRET_ARN} not found`);
  });

  it('passes on why the secret could not be read otherwise', async () => {
    secretsManager.on(GetSecretValueCommand).rejects(Object.assign(new Error('User is not authorized to perform: secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' }));

    await expect(fetchScramCredentials(MSK_SCRAM_SECRET)).rejects.toThrow(
      `Kafka SCRAM secret ${MSK_SCRAM_SECRET_ARN} could not be read: User is not authorized to perform: secretsmanager:GetSecretValue`,
    );
  });

  it.each([
    ['no password', '{"username":"alice"}'],
    ['an empty username', '{"username":"","password":"s3cret"}'],
    ['not JSON', 'alice:s3cret'],
    ['a binary secret only', undefined],
  ])('refuses a secret with %s, without quoting it', async (_, secretString) => {
    secretsManager.on(GetSecretValueCommand).resolves(secretString === undefined ? { SecretBinary: Buffer.from('x') } : { SecretString: secretString });

    const failure = (await fetchScramCredentials(MSK_SCRAM_SECRET).catch((error: unknown) => error)) as Error;

    expect(failure).toBeInstanceOf(KafkaAuthError);
    expect(failure.message).toBe(
      `Kafka SCRAM secret ${MSK_SCRAM_SECRET_ARN} has no username or password: it must hold the JSON {"username": "...", "password": "..."}`,
    );
    expect(failure.cause).toBeUndefined();
  });
});

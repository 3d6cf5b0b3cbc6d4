import type { AwsArn } from './aws-arn';
import { KafkaAuthError } from './kafka-setup-error';

/**
 * The JSON of a Secrets Manager secret, read in the region of its ARN with the default
 * credentials (and AWS_ENDPOINT_URL_SECRETS_MANAGER, when set). Errors start with `label` and the
 * ARN, and never carry the secret's value: text that is not JSON comes back as undefined, for
 * the caller to say what shape it expected.
 */
export async function readSecretJson(secret: AwsArn, label: string): Promise<unknown> {
  const { arn: secretArn, region } = secret;
  // Loaded on first use: a function without a secret does not load the client in its cold start.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ region });
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new KafkaAuthError(`${label} ${secretArn} not found`, { cause: error });
    }
    throw new KafkaAuthError(`${label} ${secretArn} could not be read: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
  return parseJson(secretString);
}

// A JSON error quotes the text it choked on, which here is the secret: it is dropped, not passed on.
function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

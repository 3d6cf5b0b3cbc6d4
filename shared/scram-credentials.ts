import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { AwsArn } from './aws-arn';
import { KafkaAuthError } from './kafka-setup-error';

export interface ScramCredentials {
  username: string;
  password: string;
}

// The shape MSK itself reads from an AmazonMSK_ secret associated with the cluster.
const scramSecret = z.object({ username: z.string().min(1), password: z.string().min(1) });

/**
 * The SASL/SCRAM username and password from the Secrets Manager secret MSK checks logins against,
 * so the function logs in with whatever the cluster was given. Errors name the secret's ARN and
 * never carry its value.
 */
export async function fetchScramCredentials(secret: AwsArn): Promise<ScramCredentials> {
  const { arn: secretArn, region } = secret;
  const client = new SecretsManagerClient({ region });
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn })));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new KafkaAuthError(`Kafka SCRAM secret ${secretArn} not found`, { cause: error });
    }
    throw new KafkaAuthError(`Kafka SCRAM secret ${secretArn} could not be read: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
  const credentials = scramSecret.safeParse(parseJson(secretString));
  if (!credentials.success) {
    throw new KafkaAuthError(`Kafka SCRAM secret ${secretArn} has no username or password: MSK expects the JSON {"username": "...", "password": "..."}`);
  }
  return credentials.data;
}

// A JSON error quotes the text it choked on, which here is the secret: it is dropped, not passed on.
function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

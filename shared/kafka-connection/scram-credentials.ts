import * as z from 'zod/mini';
import type { AwsArn } from './aws-arn';
import { KafkaAuthError } from './kafka-setup-error';
import { readSecretJson } from './secret-json';

export interface ScramCredentials {
  username: string;
  password: string;
}

// The shape MSK itself reads from an AmazonMSK_ secret associated with the cluster, and Lambda
// from the secret of a self-managed cluster's SASL/SCRAM or SASL/PLAIN access configuration.
const saslSecret = z.object({ username: z.string().check(z.minLength(1)), password: z.string().check(z.minLength(1)) });

/**
 * The SASL username and password from a Secrets Manager secret: the one MSK checks SCRAM logins
 * against, so the function logs in with whatever the cluster was given. Errors name the secret
 * (`label`, default "Kafka SCRAM secret", and its ARN) and never carry its value.
 */
export async function fetchScramCredentials(secret: AwsArn, label = 'Kafka SCRAM secret'): Promise<ScramCredentials> {
  const credentials = saslSecret.safeParse(await readSecretJson(secret, label));
  if (!credentials.success) {
    throw new KafkaAuthError(`${label} ${secret.arn} has no username or password: it must hold the JSON {"username": "...", "password": "..."}`);
  }
  return credentials.data;
}

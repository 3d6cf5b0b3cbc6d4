import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNAMODB_LOCAL_CREDENTIALS, DYNAMODB_LOCAL_REGION } from '../config';

export interface ClientOptions {
  /** 1 for probes that poll on their own; the SDK's default (3) otherwise. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

/** A client of a local endpoint: static dummy credentials, so no AWS profile is read or needed. */
export function localDynamoDBClient(endpoint: string, options: ClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: DYNAMODB_LOCAL_REGION,
    credentials: DYNAMODB_LOCAL_CREDENTIALS,
    maxAttempts: options.maxAttempts,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: options.requestTimeoutMs ?? 10_000 },
  });
}

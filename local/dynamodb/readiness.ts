import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WaitOptions } from '../launcher';
import { localDynamoDBClient } from './client';

export class DynamoDBNotReadyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDBNotReadyError';
  }
}

/** Resolves once `endpoint` answers a signed ListTables: a port that merely accepts connections is not enough. */
export async function waitForDynamoDB(endpoint: string, options: WaitOptions): Promise<void> {
  const client = localDynamoDBClient(endpoint, { maxAttempts: 1, requestTimeoutMs: 2_000 });
  const started = Date.now();
  let nextReport = started + 1_000;
  let lastProblem = 'no answer yet';
  try {
    while (Date.now() - started < options.timeoutMs) {
      const fatal = options.failFast?.();
      if (fatal) throw new DynamoDBNotReadyError(fatal);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        lastProblem = (error as Error).message || (error as Error).name;
      }
      if (Date.now() >= nextReport) {
        options.onWait?.(Date.now() - started);
        nextReport = Date.now() + 1_000;
      }
      await sleep(200);
    }
  } finally {
    client.destroy();
  }
  throw new DynamoDBNotReadyError(
    `DynamoDB Local at ${endpoint} did not answer ListTables within ${options.timeoutMs / 1000}s (${lastProblem})`,
  );
}

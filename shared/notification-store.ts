import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreConfig } from './config';

/** One notification per message; `id` is the message id, which makes storing idempotent. */
export interface Notification {
  id: string;
  text: string;
  key: string | null;
  createdAt: string;
  notifiedAt: string;
  source: { topic: string; partition: number; offset: number };
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
}

/** Every notification is in one feed of the `byCreatedAt` index, sorted by creation time then id. */
const FEED = 'all';
const FEED_INDEX = 'byCreatedAt';

interface NotificationItem extends Notification {
  feed: string;
  feedSortKey: string;
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

export function createDocumentClient(config: StoreConfig): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(config.DYNAMODB_ENDPOINT && {
      endpoint: config.DYNAMODB_ENDPOINT,
      // DynamoDB Local checks that credentials are present, not what they are.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      region: process.env.AWS_REGION ?? 'us-east-1',
    }),
    maxAttempts: 3,
    // A store outage must fail the invocation in seconds, not at the function timeout.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 },
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): Record<string, string> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const fields = ['id', 'feed', 'feedSortKey'];
    if (
      typeof key === 'object' && key !== null &&
      Object.keys(key).length === fields.length &&
      fields.every((field) => typeof (key as Record<string, unknown>)[field] === 'string')
    ) {
      return key as Record<string, string>;
    }
  } catch {
    // fall through: not base64url JSON
  }
  throw new InvalidCursorError();
}

function toNotification(item: Record<string, unknown>): Notification {
  const { id, text, key, createdAt, notifiedAt, source } = item as unknown as NotificationItem;
  return { id, text, key, createdAt, notifiedAt, source };
}

export class NotificationStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores the notification unless one with its id exists; returns false for such a duplicate. */
  async putIfAbsent(notification: Notification): Promise<boolean> {
    const item: NotificationItem = {
      ...notification,
      feed: FEED,
      feedSortKey: `${notification.createdAt}#${notification.id}`,
    };
    try {
      await this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Closes the client's sockets; Lambda freezes the container instead, tests and local tools call this. */
  close(): void {
    this.documents.destroy();
  }

  /** Newest first; `cursor` is the `nextCursor` of the previous page. */
  async list(limit: number, cursor?: string): Promise<NotificationPage> {
    const result = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: FEED_INDEX,
        KeyConditionExpression: 'feed = :feed',
        ExpressionAttributeValues: { ':feed': FEED },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor && { ExclusiveStartKey: decodeCursor(cursor) }),
      }),
    );
    return {
      items: (result.Items ?? []).map(toNotification),
      nextCursor: result.LastEvaluatedKey ? encodeCursor(result.LastEvaluatedKey) : null,
    };
  }
}

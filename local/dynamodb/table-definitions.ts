import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';

export class TableDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableDefinitionError';
  }
}

const TABLE_TYPE = 'AWS::DynamoDB::Table';

const name = z.string().min(1);
const keySchema = z.array(z.strictObject({ AttributeName: name, KeyType: z.enum(['HASH', 'RANGE']) })).min(1).max(2);
const projection = z.strictObject({
  ProjectionType: z.enum(['ALL', 'KEYS_ONLY', 'INCLUDE']).optional(),
  NonKeyAttributes: z.array(name).optional(),
});
const throughput = z.strictObject({
  ReadCapacityUnits: z.coerce.number().int().positive(),
  WriteCapacityUnits: z.coerce.number().int().positive(),
});
/** CloudFormation settings DynamoDB Local has no counterpart for (PITR, encryption, tags...): accepted, not applied. */
const notAppliedLocally = z.unknown().optional();

const globalSecondaryIndex = z.strictObject({
  IndexName: name,
  KeySchema: keySchema,
  Projection: projection,
  ProvisionedThroughput: throughput.optional(),
  ContributorInsightsSpecification: notAppliedLocally,
  OnDemandThroughput: notAppliedLocally,
  WarmThroughput: notAppliedLocally,
});

/** The properties of AWS::DynamoDB::Table, closed: a misspelt one fails here rather than at deploy time. */
const tableProperties = z.strictObject({
  TableName: z.string({ error: 'must be set: the functions find the table by this name' }).min(1),
  AttributeDefinitions: z.array(z.strictObject({ AttributeName: name, AttributeType: z.enum(['S', 'N', 'B']) })).min(1),
  KeySchema: keySchema,
  BillingMode: z.enum(['PAY_PER_REQUEST', 'PROVISIONED']).optional(),
  ProvisionedThroughput: throughput.optional(),
  GlobalSecondaryIndexes: z.array(globalSecondaryIndex).optional(),
  LocalSecondaryIndexes: z.array(z.strictObject({ IndexName: name, KeySchema: keySchema, Projection: projection })).optional(),
  StreamSpecification: z
    .object({ StreamViewType: z.enum(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']) })
    .optional(),
  ContributorInsightsSpecification: notAppliedLocally,
  DeletionProtectionEnabled: notAppliedLocally,
  ImportSourceSpecification: notAppliedLocally,
  KinesisStreamSpecification: notAppliedLocally,
  OnDemandThroughput: notAppliedLocally,
  PointInTimeRecoverySpecification: notAppliedLocally,
  ResourcePolicy: notAppliedLocally,
  SSESpecification: notAppliedLocally,
  TableClass: notAppliedLocally,
  Tags: notAppliedLocally,
  TimeToLiveSpecification: notAppliedLocally,
  WarmThroughput: notAppliedLocally,
});

type TableProperties = z.output<typeof tableProperties>;

/** A CreateTable input that always names its table. */
export type TableInput = CreateTableCommandInput & { TableName: string };

function isTable(resource: unknown): resource is { Properties?: unknown } {
  return typeof resource === 'object' && resource !== null && (resource as { Type?: unknown }).Type === TABLE_TYPE;
}

function createTableInput(properties: TableProperties): TableInput {
  return {
    TableName: properties.TableName,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    BillingMode: properties.BillingMode,
    ProvisionedThroughput: properties.ProvisionedThroughput,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes?.map((index) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
      ProvisionedThroughput: index.ProvisionedThroughput,
    })),
    LocalSecondaryIndexes: properties.LocalSecondaryIndexes,
    StreamSpecification: properties.StreamSpecification && {
      StreamEnabled: true,
      StreamViewType: properties.StreamSpecification.StreamViewType,
    },
  };
}

/**
 * The CreateTable input of every AWS::DynamoDB::Table in a CloudFormation `Resources` map
 * (serverless.yml's `resources.Resources`, variables resolved), so AWS and DynamoDB Local get their
 * tables from one definition.
 */
export function createTableInputs(resources: Record<string, unknown>): TableInput[] {
  return Object.entries(resources)
    .filter((entry): entry is [string, { Properties?: unknown }] => isTable(entry[1]))
    .map(([logicalId, resource]) => {
      const result = tableProperties.safeParse(resource.Properties);
      if (!result.success) {
        const where = `resources.Resources.${logicalId}.Properties`;
        const problems = result.error.issues.map((issue) => `  ${[where, ...issue.path].join('.')}: ${issue.message}`);
        throw new TableDefinitionError(`Invalid ${TABLE_TYPE} in serverless.yml:\n${problems.join('\n')}`);
      }
      return createTableInput(result.data);
    });
}

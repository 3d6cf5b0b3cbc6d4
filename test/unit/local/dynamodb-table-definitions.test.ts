import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../../local/config';
import { createTableInputs } from '../../../local/dynamodb/table-definitions';

const serverlessYml = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as {
  resources: { Resources: Record<string, { Properties: Record<string, unknown> }> };
};

/** A minimal table, cloned per test so one test's change never leaks into another. */
function resources(properties: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: 'things',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        ...structuredClone(properties),
      },
    },
  };
}

describe('createTableInputs', () => {
  it("turns serverless.yml's notifications table into its CreateTable input, key schema and GSI included", () => {
    const [table, ...others] = createTableInputs(serverlessYml.resources.Resources);
    expect(others).toEqual([]);
    expect(table).toEqual({
      TableName: '${self:provider.environment.NOTIFICATIONS_TABLE}',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'feed', AttributeType: 'S' },
        { AttributeName: 'feedSortKey', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCreatedAt',
          KeySchema: [
            { AttributeName: 'feed', KeyType: 'HASH' },
            { AttributeName: 'feedSortKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('leaves out what DynamoDB Local has no counterpart for, such as point-in-time recovery and tags', () => {
    const [table] = createTableInputs(
      resources({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    expect(table).toEqual({
      TableName: 'things',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    });
  });

  it('skips resources that are not DynamoDB tables', () => {
    const mixed = { ...resources(), Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'q' } } };
    expect(createTableInputs(mixed).map((table) => table.TableName)).toEqual(['things']);
  });

  it('enables a stream from its view type and keeps provisioned throughput, numbers given as strings included', () => {
    const [table] = createTableInputs(
      resources({
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: 2 },
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      }),
    );
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(table?.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
  });

  it.each([
    { case: 'a misspelt property', properties: { GlobalSecondaryIndex: [] }, message: /Properties: Unrecognized key: "GlobalSecondaryIndex"/ },
    { case: 'an unknown key type', properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'PRIMARY' }] }, message: /Properties\.KeySchema\.0\.KeyType/ },
    { case: 'a missing table name', properties: { TableName: undefined }, message: /Properties\.TableName: must be set/ },
  ])('rejects $case, naming the field path', ({ properties, message }) => {
    expect(() => createTableInputs(resources(properties))).toThrow(message);
    expect(() => createTableInputs(resources(properties))).toThrow(/resources\.Resources\.Table\.Properties/);
  });
});

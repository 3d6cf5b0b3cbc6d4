import { EntityNotFoundException, GetSchemaVersionCommand, GlueClient } from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { RegistryUnavailableError, SchemaNotFoundError } from '../../../../local/poller/schema/errors';
import { GlueRegistry } from '../../../../local/poller/schema/glue-registry';

const REGISTRY_ARN = 'arn:aws:glue:eu-west-1:111122223333:registry/orders';
const VERSION_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('GlueRegistry', () => {
  const glue = mockClient(GlueClient);
  afterEach(() => glue.reset());

  it('asks GetSchemaVersion for the version id the record names', async () => {
    glue.on(GetSchemaVersionCommand, { SchemaVersionId: VERSION_ID }).resolves({ DataFormat: 'PROTOBUF', SchemaDefinition: 'syntax = "proto3";' });
    await expect(new GlueRegistry(REGISTRY_ARN, 'eu-west-1').fetchSchema(VERSION_ID)).resolves.toEqual({ dataFormat: 'PROTOBUF', schema: 'syntax = "proto3";' });
  });

  it('a version Glue does not have is SCHEMA_NOT_FOUND', async () => {
    glue.on(GetSchemaVersionCommand).rejects(new EntityNotFoundException({ message: 'Schema version is not found.', $metadata: {} }));
    await expect(new GlueRegistry(REGISTRY_ARN, 'eu-west-1').fetchSchema(VERSION_ID)).rejects.toBeInstanceOf(SchemaNotFoundError);
  });

  it('anything else (no credentials, access denied, no network) leaves records alone and says what credentials it needs', async () => {
    glue.on(GetSchemaVersionCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const error = await new GlueRegistry(REGISTRY_ARN, 'eu-west-1').fetchSchema(VERSION_ID).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect((error as Error).message).toContain(`AWS Glue Schema Registry (${REGISTRY_ARN}) cannot be reached with your AWS credentials: CredentialsProviderError`);
    expect((error as Error).message).toContain('glue:GetSchemaVersion');
  });
});

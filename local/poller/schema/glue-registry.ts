import { EntityNotFoundException, GetSchemaVersionCommand, GlueClient } from '@aws-sdk/client-glue';
import { RegistryUnavailableError, SchemaNotFoundError } from './errors';
import type { DataFormat } from './formats';
import type { RegistryClient, RegistrySchema } from './registry-client';

const DATA_FORMATS: Record<string, DataFormat> = { AVRO: 'AVRO', PROTOBUF: 'PROTOBUF', JSON: 'JSON' };

/**
 * AWS Glue Schema Registry itself, with the developer's credentials (the default provider chain):
 * there is no local Glue, and a schema version is named by its UUID in every record.
 */
export class GlueRegistry implements RegistryClient {
  readonly kind = 'glue';
  readonly #client: GlueClient;

  constructor(
    private readonly registryArn: string,
    region: string,
  ) {
    this.#client = new GlueClient({ region });
  }

  async fetchSchema(schemaId: string): Promise<RegistrySchema> {
    let answer;
    try {
      answer = await this.#client.send(new GetSchemaVersionCommand({ SchemaVersionId: schemaId }));
    } catch (error) {
      if (error instanceof EntityNotFoundException) throw new SchemaNotFoundError(`Glue has no schema version ${schemaId}`, { cause: error });
      throw new RegistryUnavailableError(
        `AWS Glue Schema Registry (${this.registryArn}) cannot be reached with your AWS credentials: ${(error as Error).name}: ${(error as Error).message}. ` +
          'Set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) to credentials allowed glue:GetSchemaVersion.',
        { cause: error },
      );
    }
    const dataFormat = DATA_FORMATS[answer.DataFormat ?? ''];
    if (!dataFormat || answer.SchemaDefinition === undefined) throw new SchemaNotFoundError(`Glue schema version ${schemaId} has no definition Lambda decodes (${answer.DataFormat})`);
    return { dataFormat, schema: answer.SchemaDefinition };
  }

  close(): void {
    this.#client.destroy();
  }
}

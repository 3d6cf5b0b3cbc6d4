/**
 * Schema registries as Lambda's Kafka mapping uses them: records framed in Confluent's or Glue's
 * wire format, validated and decoded (Avro, Protobuf, JSON Schema) before filtering and invoking.
 */
import type { SchemaRegistryConfig } from '../settings/schema-registry-config';
import { glueRegistryOf } from '../settings/schema-registry-config';
import type { SchemaDecoder, SchemaDecoderOptions } from './record-decoder';

export type { SchemaDecoder } from './record-decoder';
export { isUndecodable, type DecodedRecord, type RecordIntake, type UndecodableRecord } from './record-intake';
export type { SchemaFailureReason } from './errors';

/**
 * The decoder of a mapping's registry: Glue when the URI is a Glue registry ARN, else a
 * Confluent-compatible registry. Its modules (the AWS SDK clients, avsc, protobufjs, Ajv) take
 * about a second to load, so they are loaded here, only for a mapping that has a registry.
 */
export async function createSchemaDecoder(config: SchemaRegistryConfig, region: string, options: SchemaDecoderOptions): Promise<SchemaDecoder> {
  const { SchemaDecoder } = await import('./record-decoder');
  const glue = glueRegistryOf(config.schemaRegistryURI);
  if (glue) {
    const { GlueRegistry } = await import('./glue-registry');
    return new SchemaDecoder(config, new GlueRegistry(config.schemaRegistryURI, glue.region), options);
  }
  const [{ ConfluentRegistry }, { readRegistryAccess }] = await Promise.all([import('./confluent-registry'), import('./registry-access')]);
  return new SchemaDecoder(config, new ConfluentRegistry(config.schemaRegistryURI, () => readRegistryAccess(config, region)), options);
}

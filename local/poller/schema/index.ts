/**
 * Schema registries as Lambda's Kafka mapping uses them: records framed in Confluent's or Glue's
 * wire format, validated and decoded (Avro, Protobuf, JSON Schema) before filtering and invoking.
 */
import type { SchemaRegistryConfig } from '../settings/schema-registry-config';
import { glueRegistryOf } from '../settings/schema-registry-config';
import { ConfluentRegistry } from './confluent-registry';
import { GlueRegistry } from './glue-registry';
import { readRegistryAccess } from './registry-access';
import { SchemaDecoder, type SchemaDecoderOptions } from './record-decoder';

export { isUndecodable, SchemaDecoder, type DecodedRecord, type RecordIntake, type UndecodableRecord } from './record-decoder';
export type { SchemaFailureReason } from './errors';

/** The decoder of a mapping's registry: Glue when the URI is a Glue registry ARN, else a Confluent-compatible registry. */
export function createSchemaDecoder(config: SchemaRegistryConfig, region: string, options: SchemaDecoderOptions): SchemaDecoder {
  const glue = glueRegistryOf(config.schemaRegistryURI);
  const registry = glue ? new GlueRegistry(config.schemaRegistryURI, glue.region) : new ConfluentRegistry(config.schemaRegistryURI, () => readRegistryAccess(config, region));
  return new SchemaDecoder(config, registry, options);
}

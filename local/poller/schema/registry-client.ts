import type { DataFormat, RegistryKind } from './formats';

import type { SchemaReference } from './formats';

/** A schema as a registry returns it, before it is compiled. */
export interface RegistrySchema {
  dataFormat: DataFormat;
  schema: string;
  /** The schemas it references (Avro named types, Protobuf imports, JSON Schema `$ref`s), those they reference first. */
  references?: SchemaReference[];
}

/** One registry: Confluent-compatible (ids are numbers) or Glue (ids are schema version UUIDs). */
export interface RegistryClient {
  kind: RegistryKind;
  /** The schema with this id; throws SchemaNotFoundError when the registry has none, RegistryUnavailableError when it does not answer. */
  fetchSchema(schemaId: string): Promise<RegistrySchema>;
  close(): void;
}

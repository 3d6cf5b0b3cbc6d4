import { compileAvro } from './avro';
import type { CompiledSchema, DataFormat, SchemaReference } from './compiled-schema';
import { compileJsonSchema } from './json-schema';
import { compileProtobuf } from './protobuf';

export type { CompiledSchema, DataFormat, RegistryKind, SchemaReference } from './compiled-schema';

const COMPILERS: Record<DataFormat, (schema: string, references: SchemaReference[]) => CompiledSchema> = {
  AVRO: compileAvro,
  PROTOBUF: compileProtobuf,
  JSON: compileJsonSchema,
};

/** Compiles a schema the registry returned; throws when its text is not a schema of that format. */
export function compileSchema(dataFormat: DataFormat, schema: string, references: SchemaReference[] = []): CompiledSchema {
  return COMPILERS[dataFormat](schema, references);
}

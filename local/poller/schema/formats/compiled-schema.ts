/** The formats a schema registry holds, named as a record's `SchemaMetadata.dataFormat` names them. */
export type DataFormat = 'AVRO' | 'PROTOBUF' | 'JSON';

/** Which wire format framed the payload: Protobuf's message selector differs between them. */
export type RegistryKind = 'confluent' | 'glue';

/** One schema, compiled once and kept by id: it turns a payload into its value, or throws a DeserializationError. */
export interface CompiledSchema {
  dataFormat: DataFormat;
  /** The decoded value as JSON text: what `JSON` records carry and filters see. */
  decode(payload: Buffer, registry: RegistryKind): string;
}

/** A schema another one references, by the name the referencing schema uses for it (an import path, a `$ref`, a subject). */
export interface SchemaReference {
  name: string;
  schema: string;
}

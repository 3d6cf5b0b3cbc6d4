import avro from 'avsc';
import { DeserializationError } from '../errors';
import type { CompiledSchema, SchemaReference } from './compiled-schema';

/** Avro with avsc: the payload must hold exactly one datum of the writer's schema; referenced named types are defined first. */
export function compileAvro(schema: string, references: SchemaReference[]): CompiledSchema {
  const registry: Record<string, avro.Type> = {};
  for (const reference of references) avro.Type.forSchema(JSON.parse(reference.schema) as avro.Schema, { registry });
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema, { registry });
  return {
    dataFormat: 'AVRO',
    decode(payload) {
      let value: unknown;
      try {
        value = type.fromBuffer(payload);
      } catch (error) {
        throw new DeserializationError(`the bytes are not an Avro ${type.name ?? type.typeName}: ${(error as Error).message}`, { cause: error });
      }
      return JSON.stringify(value, bytesAsBase64);
    },
  };
}

/** Bytes and fixed as base64 (JSON has no bytes); Buffer's own toJSON has run by then. */
function bytesAsBase64(_key: string, field: unknown): unknown {
  return isSerializedBuffer(field) ? Buffer.from(field.data).toString('base64') : field;
}

function isSerializedBuffer(value: unknown): value is { type: 'Buffer'; data: number[] } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data);
}

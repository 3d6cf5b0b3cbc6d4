import avro from 'avsc';
import { DeserializationError } from '../errors';
import type { CompiledSchema } from './compiled-schema';

/** Avro with avsc: the payload must hold exactly one datum of the writer's schema. */
export function compileAvro(schema: string): CompiledSchema {
  const type = avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
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

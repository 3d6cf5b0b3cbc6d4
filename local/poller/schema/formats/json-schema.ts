import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { DeserializationError } from '../errors';
import type { CompiledSchema, SchemaReference } from './compiled-schema';

function validatorFor(schema: Record<string, unknown>, references: SchemaReference[]): ValidateFunction {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = { strict: false, allErrors: false };
  const ajv = draft.includes('2020-12') ? new Ajv2020(options) : draft.includes('2019-09') ? new Ajv2019(options) : new Ajv(options);
  for (const reference of references) ajv.addSchema(JSON.parse(reference.schema) as AnySchema, reference.name);
  return ajv.compile(schema as AnySchema);
}

/** JSON Schema with Ajv: the payload is JSON text that must parse and satisfy the schema; `$ref`s name the references. */
export function compileJsonSchema(schema: string, references: SchemaReference[]): CompiledSchema {
  const validate = validatorFor(JSON.parse(schema) as Record<string, unknown>, references);
  return {
    dataFormat: 'JSON',
    decode(payload) {
      const text = payload.toString('utf8');
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new DeserializationError(`the bytes are not JSON: ${(error as Error).message}`, { cause: error });
      }
      if (!validate(value)) {
        const [first] = validate.errors ?? [];
        throw new DeserializationError(`the JSON does not satisfy its schema: ${first ? `${first.instancePath || '/'} ${first.message}` : 'invalid'}`);
      }
      return text;
    },
  };
}

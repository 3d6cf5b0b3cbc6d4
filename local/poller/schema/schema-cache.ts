import { DeserializationError } from './errors';
import { compileSchema, type CompiledSchema } from './formats';
import type { RegistryClient } from './registry-client';

/**
 * Schemas by id, fetched and compiled once: a schema id always names the same schema. What is
 * not found is asked again next time (it may be registered meanwhile); a fetch in progress is shared.
 */
export class SchemaCache {
  readonly #compiled = new Map<string, Promise<CompiledSchema>>();
  /** The schemas fetched so far, for the common case where no await is needed. */
  readonly #ready = new Map<string, CompiledSchema>();

  constructor(private readonly registry: RegistryClient) {}

  /** The schema if it was fetched already. */
  peek(schemaId: string): CompiledSchema | undefined {
    return this.#ready.get(schemaId);
  }

  get(schemaId: string): Promise<CompiledSchema> {
    let compiled = this.#compiled.get(schemaId);
    if (!compiled) {
      compiled = this.#fetch(schemaId);
      this.#compiled.set(schemaId, compiled);
      compiled.catch(() => this.#compiled.delete(schemaId));
    }
    return compiled;
  }

  async #fetch(schemaId: string): Promise<CompiledSchema> {
    const { dataFormat, schema, references } = await this.registry.fetchSchema(schemaId);
    try {
      const compiled = compileSchema(dataFormat, schema, references);
      this.#ready.set(schemaId, compiled);
      return compiled;
    } catch (error) {
      throw new DeserializationError(`schema ${schemaId} (${dataFormat}) does not compile: ${(error as Error).message}`, { cause: error });
    }
  }
}

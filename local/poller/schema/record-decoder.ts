import type { KafkaMessage } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeRecord, decodeRecord } from '../event/event-builder';
import type { SchemaAttribute, SchemaRegistryConfig } from '../settings/schema-registry-config';
import { RecordSchemaError, RegistryUnavailableError } from './errors';
import type { CompiledSchema } from './formats';
import type { RecordIntake } from './record-intake';
import type { RegistryClient } from './registry-client';
import { SchemaCache } from './schema-cache';
import { readConfluentFrame, readGlueFrame, type FramedPayload } from './wire-format';

export interface SchemaDecoderOptions {
  /** Told, once per wait, why the batch waits for the registry; the mapping shows it as its problem. */
  onUnavailable(cause: string): void;
  /** Aborted on shutdown: a batch still waiting for the registry is given up on, uncommitted. */
  signal: AbortSignal;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

const ATTRIBUTE_FIELD: Record<SchemaAttribute, 'key' | 'value'> = { KEY: 'key', VALUE: 'value' };
const METADATA_FIELD: Record<SchemaAttribute, string> = { KEY: 'keySchemaMetadata', VALUE: 'valueSchemaMetadata' };

/**
 * A mapping's `SchemaRegistryConfig` at work, before filtering and invoking as on AWS: each
 * selected attribute is unframed, its schema fetched (once per id) and the bytes decoded; the
 * record then carries the decoded JSON (`JSON`) or the unframed bytes (`SOURCE`) and
 * `keySchemaMetadata` / `valueSchemaMetadata`.
 */
export class SchemaDecoder {
  readonly #cache: SchemaCache;
  readonly #readFrame: (bytes: Buffer) => FramedPayload;
  /** `"valueSchemaMetadata":{...}` by attribute and schema id, written once. */
  readonly #metadataFields = new Map<string, string>();

  constructor(
    private readonly config: SchemaRegistryConfig,
    private readonly registry: RegistryClient,
    private readonly options: SchemaDecoderOptions,
  ) {
    this.#cache = new SchemaCache(registry);
    this.#readFrame = registry.kind === 'glue' ? readGlueFrame : readConfluentFrame;
  }

  /** Every message of a fetched batch, decoded or failed; waits (retrying) while the registry does not answer. */
  async decodeBatch(prefix: string, messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<Map<KafkaMessage, RecordIntake>> {
    const { retryBaseMs = 1_000, retryMaxMs = 30_000, signal } = this.options;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const missing = await this.#fetchMissingSchemas(messages);
        const decoded = new Map<KafkaMessage, RecordIntake>();
        for (const message of messages) decoded.set(message, this.#decode(prefix, message, missing));
        return decoded;
      } catch (error) {
        if (!(error instanceof RegistryUnavailableError)) throw error;
        this.options.onUnavailable(error.message);
        // Waiting long without a heartbeat would cost the partitions in a rebalance.
        await heartbeat().catch(() => undefined);
        const waited = await sleep(Math.min(retryMaxMs, retryBaseMs * 2 ** attempt), true, { signal }).catch(() => false);
        if (!waited) throw new Error('stopped while waiting for the schema registry', { cause: error });
      }
    }
  }

  /** Fetches the schemas the batch names that are not cached yet; resolves with why those that cannot be had fail their records. */
  async #fetchMissingSchemas(messages: KafkaMessage[]): Promise<Map<string, RecordSchemaError>> {
    const ids = new Set<string>();
    for (const message of messages) {
      for (const attribute of this.config.attributes) {
        const bytes = message[ATTRIBUTE_FIELD[attribute]];
        if (bytes === null) continue;
        try {
          const { schemaId } = this.#readFrame(bytes);
          if (!this.#cache.peek(schemaId)) ids.add(schemaId);
        } catch {
          // An unframed record fails when it is decoded.
        }
      }
    }
    const failed = new Map<string, RecordSchemaError>();
    for (const schemaId of ids) {
      await this.#cache.get(schemaId).catch((error: unknown) => {
        if (!(error instanceof RecordSchemaError)) throw error;
        failed.set(schemaId, error);
      });
    }
    return failed;
  }

  #decode(prefix: string, message: KafkaMessage, missing: Map<string, RecordSchemaError>): RecordIntake {
    const replaced: { key?: Buffer; value?: Buffer } = {};
    const metadata: string[] = [];
    let filterValue = message.value;
    try {
      for (const attribute of this.config.attributes) {
        const field = ATTRIBUTE_FIELD[attribute];
        const bytes = message[field];
        if (bytes === null) continue;
        const { schemaId, payload } = this.#readFrame(bytes);
        const schema = this.#cache.peek(schemaId);
        if (!schema) throw missing.get(schemaId) ?? new RegistryUnavailableError(`schema ${schemaId} was not fetched`);
        const json = Buffer.from(schema.decode(payload, this.registry.kind));
        replaced[field] = this.config.eventRecordFormat === 'JSON' ? json : payload;
        if (field === 'value') filterValue = json;
        metadata.push(this.#metadataField(attribute, schema, schemaId));
      }
    } catch (error) {
      if (!(error instanceof RecordSchemaError)) throw error;
      return { reason: error.reason, error: error.message, record: decodeRecord(encodeRecord(prefix, message).json) };
    }
    const encoded = encodeRecord(prefix, { ...message, ...replaced });
    if (metadata.length > 0) encoded.json = `${encoded.json.slice(0, -1)},${metadata.join(',')}}`;
    return { encoded, filterValue };
  }

  #metadataField(attribute: SchemaAttribute, schema: CompiledSchema, schemaId: string): string {
    const key = `${attribute}:${schemaId}`;
    let field = this.#metadataFields.get(key);
    if (field === undefined) {
      field = `${JSON.stringify(METADATA_FIELD[attribute])}:${JSON.stringify({ dataFormat: schema.dataFormat, schemaId })}`;
      this.#metadataFields.set(key, field);
    }
    return field;
  }

  close(): void {
    this.registry.close();
  }
}


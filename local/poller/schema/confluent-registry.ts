import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { RegistryUnavailableError, SchemaNotFoundError } from './errors';
import type { DataFormat, SchemaReference } from './formats';
import type { RegistryAccess } from './registry-access';
import type { RegistryClient, RegistrySchema } from './registry-client';

const REQUEST_TIMEOUT_MS = 10_000;

interface ConfluentReference {
  name: string;
  subject: string;
  version: number;
}

/** What `GET /schemas/ids/{id}` and `GET /subjects/{subject}/versions/{version}` answer. */
interface ConfluentSchema {
  schema: string;
  schemaType?: string;
  references?: ConfluentReference[];
}
const DATA_FORMATS: Record<string, DataFormat> = { AVRO: 'AVRO', PROTOBUF: 'PROTOBUF', JSON: 'JSON' };

/** Confluent's Schema Registry API (`GET /schemas/ids/{id}`), as Confluent, Apicurio's ccompat and Karapace serve it. */
export class ConfluentRegistry implements RegistryClient {
  readonly kind = 'confluent';
  readonly #base: string;
  #access: Promise<RegistryAccess> | undefined;

  /** `readAccess` is asked on the first fetch (again after it failed), so unreadable secrets are a problem the mapping shows, not a crash. */
  constructor(
    url: string,
    private readonly readAccess: () => Promise<RegistryAccess>,
  ) {
    this.#base = url.replace(/\/+$/, '');
  }

  async fetchSchema(schemaId: string): Promise<RegistrySchema> {
    const { status, body } = await this.#get(`/schemas/ids/${schemaId}`);
    if (status === 404) throw new SchemaNotFoundError(`the schema registry at ${this.#base} has no schema with id ${schemaId}`);
    if (status !== 200) throw new RegistryUnavailableError(`the schema registry at ${this.#base} answered HTTP ${status} for schema ${schemaId}: ${body.slice(0, 200)}`);
    const answer = JSON.parse(body) as ConfluentSchema;
    const dataFormat = DATA_FORMATS[answer.schemaType ?? 'AVRO'];
    if (!dataFormat) throw new SchemaNotFoundError(`schema ${schemaId} is of type ${answer.schemaType}, which Lambda does not decode (AVRO, PROTOBUF, JSON)`);
    const references: SchemaReference[] = [];
    await this.#collectReferences(answer.references ?? [], references, new Set());
    return { dataFormat, schema: answer.schema, ...(references.length > 0 && { references }) };
  }

  /** Each referenced subject version, those it references first (`GET /subjects/{subject}/versions/{version}`). */
  async #collectReferences(references: ConfluentReference[], into: SchemaReference[], seen: Set<string>): Promise<void> {
    for (const { name, subject, version } of references) {
      if (seen.has(name)) continue;
      seen.add(name);
      const { status, body } = await this.#get(`/subjects/${encodeURIComponent(subject)}/versions/${version}`);
      if (status === 404) throw new SchemaNotFoundError(`the schema registry at ${this.#base} has no version ${version} of subject ${subject}, which a schema references as ${name}`);
      if (status !== 200) throw new RegistryUnavailableError(`the schema registry at ${this.#base} answered HTTP ${status} for subject ${subject} version ${version}: ${body.slice(0, 200)}`);
      const referenced = JSON.parse(body) as ConfluentSchema;
      await this.#collectReferences(referenced.references ?? [], into, seen);
      into.push({ name, schema: referenced.schema });
    }
  }

  async #get(path: string): Promise<{ status: number; body: string }> {
    this.#access ??= this.readAccess().catch((error: unknown) => {
      this.#access = undefined;
      throw error;
    });
    const access = await this.#access;
    const url = new URL(this.#base + path);
    const { basicAuth, ca, cert, key, passphrase } = access;
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (basicAuth) headers.authorization = `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}`;
    const tls = url.protocol === 'https:' ? { ...(ca && { ca: [...tlsRootCertificates(), ca] }), cert, key, passphrase } : {};
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? https : http).get(url, { headers, timeout: REQUEST_TIMEOUT_MS, ...tls }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
      request.on('error', (error) => reject(new RegistryUnavailableError(`the schema registry at ${this.#base} cannot be reached: ${error.message}`, { cause: error })));
    });
  }

  close(): void {}
}

function tlsRootCertificates(): readonly string[] {
  return rootCertificates;
}

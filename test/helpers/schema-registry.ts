import { schemaRegistryDown, schemaRegistryUp, type SchemaRegistryInstance } from '../../local/schema-registry';
import { freePorts } from './ports';

const INSTANCE = `test-${process.pid}`;

/**
 * An Apicurio Registry of the test file's own, on a free port, started by the project's launcher
 * and stopped after the file's tests (passed or failed). Use its `url` once `beforeAll` ran.
 */
export function useSchemaRegistry(): { readonly url: string } {
  let instance: SchemaRegistryInstance | undefined;
  beforeAll(async () => {
    const [port] = await freePorts(18_081, [0]);
    try {
      ({ state: instance } = await schemaRegistryUp({ name: INSTANCE, port: port!, runtime: 'java', urlFromEnv: false, progress: (line) => process.stderr.write(`${line}\n`) }));
    } catch (error) {
      throw new Error(
        `The schema registry could not start for these tests: ${(error as Error).message}\n` +
          'It needs Java 17+ and Maven (Apicurio Registry comes from Maven Central); try `npm run schema-registry -- up` to see why.',
        { cause: error },
      );
    }
  }, 240_000);
  afterAll(async () => {
    await schemaRegistryDown({ name: INSTANCE });
  }, 30_000);
  return {
    get url() {
      if (!instance) throw new Error('the schema registry has not started');
      return instance.url;
    },
  };
}

/** Registers a schema under a subject through Confluent's API, as a producer's serializer does; resolves with its id. */
export async function registerSchema(
  url: string,
  subject: string,
  schemaType: 'AVRO' | 'PROTOBUF' | 'JSON',
  schema: string,
  references?: { name: string; subject: string; version: number }[],
): Promise<number> {
  const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema, schemaType, ...(references && { references }) }),
  });
  const answer = (await response.json()) as { id?: number; message?: string };
  if (!response.ok || answer.id === undefined) throw new Error(`registering ${subject} failed: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer.id;
}

/** The id Confluent's API gives the latest schema of a subject (one a serializer registered, say). */
export async function latestSchemaId(url: string, subject: string): Promise<number> {
  const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions/latest`);
  const answer = (await response.json()) as { id?: number };
  if (!response.ok || answer.id === undefined) throw new Error(`no schema under ${subject}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return answer.id;
}

/** Confluent's wire format: magic byte 0, the schema id (4 bytes, big-endian), the payload. */
export function confluentFramed(schemaId: number, payload: Uint8Array, messageIndexes?: Uint8Array): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, ...(messageIndexes ? [messageIndexes] : []), payload]);
}

import { LOCAL_STAGE, PROJECT_ROOT, SCHEMA_REGISTRY_CCOMPAT_PATH } from '../config';
import type { Progress } from '../launcher';
import { serverlessPrint } from '../cli';
import { schemaRegistryUp, type SchemaRegistryInstance } from './instance';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `schemaRegistryURI`s of serverless.yml's mappings (`custom.eventSourceMappings.<fn>.schemaRegistryConfig`). */
export function registryUrisOf(config: { custom?: Record<string, unknown> }): string[] {
  const blocks = config.custom?.eventSourceMappings;
  if (!isPlainObject(blocks)) return [];
  return Object.values(blocks).flatMap((block) => {
    const registry = isPlainObject(block) && isPlainObject(block.schemaRegistryConfig) ? block.schemaRegistryConfig.schemaRegistryURI : undefined;
    return typeof registry === 'string' ? [registry] : [];
  });
}

/** The port of a local registry URL (`http://127.0.0.1:8081/apis/ccompat/v7`), else undefined (Glue, a remote registry, no port given). */
export function localRegistryPort(uri: string): number | undefined {
  if (!/^http:\/\//.test(uri)) return undefined;
  const url = new URL(uri);
  if (!LOCAL_HOSTS.has(url.hostname) || !url.port) return undefined;
  return Number(url.port);
}

/**
 * For `npm start`: the local registry when a mapping of serverless.yml names one on this machine
 * (started, or the one already running), else undefined. A Glue ARN or a remote URL starts nothing.
 */
export async function schemaRegistryUpIfNamed(progress: Progress): Promise<{ state: SchemaRegistryInstance; startedHere: boolean } | undefined> {
  const config = (await serverlessPrint({ serviceDir: PROJECT_ROOT, stage: LOCAL_STAGE })) as { custom?: Record<string, unknown> };
  const local = registryUrisOf(config).find((uri) => localRegistryPort(uri) !== undefined);
  if (!local) return undefined;
  if (!new URL(local).pathname.startsWith(SCHEMA_REGISTRY_CCOMPAT_PATH)) {
    progress(`note: ${local} is not under ${SCHEMA_REGISTRY_CCOMPAT_PATH}, where Apicurio serves Confluent's API`);
  }
  progress(`a mapping names the schema registry ${local}`);
  return schemaRegistryUp({ port: localRegistryPort(local)!, progress });
}

import { SCHEMA_REGISTRY_VERSION } from '../config';
import { runLauncherCli } from '../launcher';
import { schemaRegistryDown, schemaRegistryStatus, schemaRegistryUp, type SchemaRegistryInstance } from './instance';

function portOption(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`--port must be a port number (1-65535), not '${text}'`);
  return port;
}

function describe(instance: SchemaRegistryInstance): string {
  const pid = instance.server ? `, pid ${instance.server.pid}` : '';
  return `Apicurio Registry ${instance.version} (${instance.runtime}) at ${instance.url}${pid}`;
}

runLauncherCli<SchemaRegistryInstance>({
  name: 'schema-registry',
  options: { config: { port: { type: 'string' } }, usage: ' [--port N]' },
  describe,
  product: `Apicurio Registry ${SCHEMA_REGISTRY_VERSION}`,
  nothingStarted: 'no schema registry',
  up: (values, progress) => schemaRegistryUp({ progress, ...(typeof values.port === 'string' && { port: portOption(values.port) }) }),
  down: (progress) => schemaRegistryDown({ progress }),
  status: () => schemaRegistryStatus(),
});

import { SCHEMA_REGISTRY_VERSION } from '../config';
import { runLauncherCli } from '../launcher';
import { schemaRegistryDown, schemaRegistryStatus, schemaRegistryUp, type SchemaRegistryInstance } from './instance';

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
  up: (values, progress) => schemaRegistryUp({ progress, ...(typeof values.port === 'string' && { port: Number(values.port) }) }),
  down: (progress) => schemaRegistryDown({ progress }),
  status: () => schemaRegistryStatus(),
});

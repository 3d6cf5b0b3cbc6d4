/** The local Confluent-compatible schema registry (Apicurio Registry): `npm run schema-registry -- up|down|status`. */
export { registryUrlOf } from './instance-spec';
export { schemaRegistryDown, schemaRegistryStatus, schemaRegistryUp, type SchemaRegistryInstance, type UpOptions } from './instance';
export { localRegistryPort, registryUrisOf, schemaRegistryUpIfNamed } from './named-registry';

import { GLUE_REGISTRY_ARN, SCHEMA_REGISTRY } from '../aws-limits';
import { isPlainObject, SettingsReader } from './checks';

export type EventRecordFormat = (typeof SCHEMA_REGISTRY.eventRecordFormats)[number];
export type SchemaAttribute = (typeof SCHEMA_REGISTRY.attributes)[number];
export type AccessConfigType = (typeof SCHEMA_REGISTRY.accessConfigTypes)[number];

/** A mapping's `SchemaRegistryConfig`, checked: where its schemas live and what it decodes. */
export interface SchemaRegistryConfig {
  /** A Confluent-compatible registry's URL, or a Glue registry's ARN. */
  schemaRegistryURI: string;
  eventRecordFormat: EventRecordFormat;
  /** Which of key and value are validated and decoded. */
  attributes: SchemaAttribute[];
  accessConfigs: { type: AccessConfigType; uri: string }[];
}

export const SCHEMA_REGISTRY_KEYS = ['schemaRegistryURI', 'eventRecordFormat', 'schemaValidationConfigs', 'accessConfigs'];

/**
 * `custom.eventSourceMappings.<fn>.schemaRegistryConfig`, mirroring the API's
 * `KafkaSchemaRegistryConfig` in camelCase: `schemaRegistryURI`, `eventRecordFormat`,
 * `schemaValidationConfigs: [{ attribute }]`, `accessConfigs: [{ type, uri }]`.
 */
export function readSchemaRegistryConfig(extra: SettingsReader): SchemaRegistryConfig | undefined {
  const block = extra.raw('schemaRegistryConfig');
  if (block === undefined) return undefined;
  if (!isPlainObject(block)) {
    extra.fail('schemaRegistryConfig', `must be an object with ${SCHEMA_REGISTRY_KEYS.join(', ')}`);
    return undefined;
  }
  const config = new SettingsReader(block, `${extra.path}.schemaRegistryConfig`, extra.problems);
  config.rejectUnknownKeys(SCHEMA_REGISTRY_KEYS, 'schemaRegistryConfig');
  const uri = config.text('schemaRegistryURI', 'SchemaRegistryConfig.SchemaRegistryURI', SCHEMA_REGISTRY.uri);
  if (!config.has('schemaRegistryURI')) config.fail('schemaRegistryURI', 'is required: a Confluent-compatible registry URL or a Glue registry ARN');
  if (uri !== undefined && !GLUE_REGISTRY_ARN.test(uri) && !/^https?:\/\/[^/]+/.test(uri)) {
    config.fail('schemaRegistryURI', `Value '${uri}' at 'SchemaRegistryConfig.SchemaRegistryURI' is neither a Glue registry ARN (arn:aws:glue:<region>:<account>:registry/<name>) nor a registry URL (https://...)`);
  }
  const format = config.oneOf('eventRecordFormat', 'SchemaRegistryConfig.EventRecordFormat', SCHEMA_REGISTRY.eventRecordFormats);
  if (!config.has('eventRecordFormat')) config.fail('eventRecordFormat', `is required: one of ${SCHEMA_REGISTRY.eventRecordFormats.join(', ')}`);
  const attributes = readList(config, 'schemaValidationConfigs', 'SchemaValidationConfigs', (item, at) => item.oneOf('attribute', `${at}.Attribute`, SCHEMA_REGISTRY.attributes), ['attribute']);
  if (attributes?.length === 0) config.fail('schemaValidationConfigs', 'must name at least one attribute: [{ attribute: VALUE }] or KEY');
  const accessConfigs = readList(config, 'accessConfigs', 'AccessConfigs', (item, at) => {
    const type = item.oneOf('type', `${at}.Type`, SCHEMA_REGISTRY.accessConfigTypes);
    const accessUri = item.text('uri', `${at}.URI`, SCHEMA_REGISTRY.accessConfigUri);
    if (!item.has('type') || !item.has('uri')) item.fail(item.has('type') ? 'uri' : 'type', 'is required');
    return type && accessUri ? { type, uri: accessUri } : undefined;
  }, ['type', 'uri']) ?? [];
  if (uri === undefined || format === undefined || attributes === undefined || attributes.length === 0) return undefined;
  return { schemaRegistryURI: uri, eventRecordFormat: format, attributes: [...new Set(attributes)], accessConfigs };
}

function readList<T>(config: SettingsReader, key: string, awsName: string, readItem: (item: SettingsReader, at: string) => T | undefined, keys: string[]): T[] | undefined {
  const list = config.raw(key);
  if (list === undefined) {
    if (key === 'schemaValidationConfigs') config.fail(key, 'is required: [{ attribute: VALUE }] (and/or KEY)');
    return key === 'schemaValidationConfigs' ? undefined : [];
  }
  if (!Array.isArray(list)) {
    config.fail(key, `must be a list of { ${keys.join(', ')} }`);
    return undefined;
  }
  return list.flatMap((entry, index) => {
    if (!isPlainObject(entry)) {
      config.fail(`${key}[${index}]`, `must be { ${keys.join(', ')} }`);
      return [];
    }
    const item = new SettingsReader(entry, `${config.path}.${key}[${index}]`, config.problems);
    item.rejectUnknownKeys(keys, key);
    const read = readItem(item, `SchemaRegistryConfig.${awsName}.${index + 1}.member`);
    return read === undefined ? [] : [read];
  });
}

/** The Glue registry an ARN names, or undefined for a Confluent-compatible URL. */
export function glueRegistryOf(uri: string): { region: string; account: string; registryName: string } | undefined {
  const match = GLUE_REGISTRY_ARN.exec(uri);
  return match ? { region: match[1]!, account: match[2]!, registryName: match[3]! } : undefined;
}

import { PollerError } from '../errors';
import { isPlainObject } from './checks';
import { esmSettingsFromServerless, type ServerlessConfigLike } from './esm-settings';
import { EXTRA_SETTING_PROPERTIES } from './extra-settings';

/** The compiled template's resources, as the Framework holds them before writing the stack. */
export type CloudFormationResources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/**
 * Writes one function's `custom.eventSourceMappings` block into the `AWS::Lambda::EventSourceMapping`
 * resources the Framework generated for its `msk` and `kafka` events, and returns their logical ids.
 * The block is expected to be valid (`deployEventSourceMappings` checks it first); a key this
 * module does not know still fails, rather than deploying without it.
 */
export function applySettings(resources: CloudFormationResources, functionLogicalId: string, settings: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    if (!JSON.stringify(resource.Properties.FunctionName).includes(`"${functionLogicalId}"`)) continue;
    if (!resource.Properties.Topics) continue;
    for (const [key, value] of Object.entries(settings)) {
      if (!(key in EXTRA_SETTING_PROPERTIES)) {
        throw new PollerError(`custom.eventSourceMappings: unknown setting "${key}" (known: ${Object.keys(EXTRA_SETTING_PROPERTIES).join(', ')})`);
      }
      if (key === 'schemaRegistryConfig') {
        const configKey = resource.Properties.SelfManagedEventSource ? 'SelfManagedKafkaEventSourceConfig' : 'AmazonManagedKafkaEventSourceConfig';
        resource.Properties[configKey] = { ...(resource.Properties[configKey] as object | undefined), SchemaRegistryConfig: schemaRegistryProperty(value as SchemaRegistryBlock) };
        continue;
      }
      resource.Properties[EXTRA_SETTING_PROPERTIES[key as keyof typeof EXTRA_SETTING_PROPERTIES]] =
        key === 'destinationConfig' ? { OnFailure: { Destination: (value as { onFailure: { destination: string } }).onFailure.destination } } : value;
    }
    changed.push(logicalId);
  }
  return changed;
}

/** `schemaRegistryConfig` as the checks accepted it (camelCase keys). */
interface SchemaRegistryBlock {
  schemaRegistryURI: string;
  eventRecordFormat: string;
  schemaValidationConfigs: { attribute: string }[];
  accessConfigs?: { type: string; uri: string }[];
}

/** The block in CloudFormation's `SchemaRegistryConfig` shape. */
function schemaRegistryProperty(block: SchemaRegistryBlock): Record<string, unknown> {
  return {
    SchemaRegistryURI: block.schemaRegistryURI,
    EventRecordFormat: block.eventRecordFormat,
    SchemaValidationConfigs: block.schemaValidationConfigs.map(({ attribute }) => ({ Attribute: attribute })),
    ...(block.accessConfigs && { AccessConfigs: block.accessConfigs.map(({ type, uri }) => ({ Type: type, URI: uri })) }),
  };
}

/**
 * `serverless package` and `deploy`: checks every Kafka mapping of the service as the local poller
 * does (the same module, the same AWS-worded errors), then writes each
 * `custom.eventSourceMappings.<function>` block into that function's generated mappings.
 */
export function deployEventSourceMappings(config: ServerlessConfigLike, resources: CloudFormationResources, lambdaLogicalId: (functionName: string) => string): void {
  esmSettingsFromServerless(config);
  const blocks = config.custom?.eventSourceMappings;
  if (!isPlainObject(blocks)) return;
  for (const [functionName, settings] of Object.entries(blocks)) {
    if (!isPlainObject(settings)) continue;
    applySettings(resources, lambdaLogicalId(functionName), settings);
  }
}

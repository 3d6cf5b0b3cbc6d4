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
      const configKey = resource.Properties.SelfManagedEventSource ? 'SelfManagedKafkaEventSourceConfig' : 'AmazonManagedKafkaEventSourceConfig';
      if (key === 'schemaRegistryConfig' || key === 'consumptionMode') {
        const property = key === 'schemaRegistryConfig' ? { SchemaRegistryConfig: schemaRegistryProperty(value as SchemaRegistryBlock) } : { ConsumptionMode: value };
        resource.Properties[configKey] = { ...(resource.Properties[configKey] as object | undefined), ...property };
        // The Framework writes TRIM_HORIZON when the event sets no position; a Queue mapping may have none (the checks refused one that was set).
        if (key === 'consumptionMode' && value === 'Queue') delete resource.Properties.StartingPosition;
        continue;
      }
      resource.Properties[EXTRA_SETTING_PROPERTIES[key as keyof typeof EXTRA_SETTING_PROPERTIES]] = propertyValue(key, value);
    }
    changed.push(logicalId);
  }
  return changed;
}

/** A block's value in CloudFormation's shape: the nested objects' keys capitalised, as the API spells them. */
function propertyValue(key: string, value: unknown): unknown {
  if (key === 'destinationConfig') return { OnFailure: { Destination: (value as { onFailure: { destination: string } }).onFailure.destination } };
  if (key === 'metricsConfig') return { Metrics: (value as { metrics?: string[] }).metrics ?? [] };
  if (key === 'loggingConfig') return { SystemLogLevel: (value as { systemLogLevel: string }).systemLogLevel };
  return value;
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
  const mappings = esmSettingsFromServerless(config);
  for (const mapping of mappings) {
    const pollerGroupName = mapping.provisionedPollers?.pollerGroupName;
    if (pollerGroupName !== undefined) addPollerGroupName(resources, lambdaLogicalId(mapping.functionName), mapping.topic, pollerGroupName);
  }
  const blocks = config.custom?.eventSourceMappings;
  if (!isPlainObject(blocks)) return;
  for (const [functionName, settings] of Object.entries(blocks)) {
    if (!isPlainObject(settings)) continue;
    applySettings(resources, lambdaLogicalId(functionName), settings);
  }
}

/** The Framework deploys `minimumPollers` and `maximumPollers` of the event's `provisionedPollerConfig`; its `pollerGroupName` is added here. */
function addPollerGroupName(resources: CloudFormationResources, functionLogicalId: string, topic: string, pollerGroupName: string): void {
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    if (!JSON.stringify(resource.Properties.FunctionName).includes(`"${functionLogicalId}"`)) continue;
    if (JSON.stringify(resource.Properties.Topics) !== JSON.stringify([topic])) continue;
    resource.Properties.ProvisionedPollerConfig = { ...(resource.Properties.ProvisionedPollerConfig as object | undefined), PollerGroupName: pollerGroupName };
  }
}

import { deployEventSourceMappings, type CloudFormationResources } from '../../../../local/poller/index';
import { resolveEsmSettings, type EsmSettingsInput } from '../../../../local/poller/settings/esm-settings';
import { problemsOf } from '../../../helpers/esm-settings-problems';

const CLUSTER_ARN = 'arn:aws:kafka:us-east-1:000000000000:cluster/local/00000000-0000-0000-0000-000000000000-1';
const PROVISIONED = { provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1 } };
const REGISTRY = { schemaRegistryURI: 'http://127.0.0.1:8081/apis/ccompat/v7', eventRecordFormat: 'JSON', schemaValidationConfigs: [{ attribute: 'VALUE' }] };
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:registry-basic-auth';

function input(schemaRegistryConfig: unknown, event: Record<string, unknown> = PROVISIONED): EsmSettingsInput {
  return { service: 'svc', stage: 'local', functionName: 'consume', source: 'msk', event: { arn: CLUSTER_ARN, topic: 'orders', ...event }, extraSettings: { schemaRegistryConfig } };
}

describe('custom.eventSourceMappings.<fn>.schemaRegistryConfig', () => {
  it('is read into the mapping settings, with its access configs', () => {
    const settings = resolveEsmSettings(input({ ...REGISTRY, schemaValidationConfigs: [{ attribute: 'KEY' }, { attribute: 'VALUE' }], accessConfigs: [{ type: 'BASIC_AUTH', uri: SECRET_ARN }] }));
    expect(settings.schemaRegistry).toEqual({
      schemaRegistryURI: REGISTRY.schemaRegistryURI,
      eventRecordFormat: 'JSON',
      attributes: ['KEY', 'VALUE'],
      accessConfigs: [{ type: 'BASIC_AUTH', uri: SECRET_ARN }],
    });
  });

  it('accepts a Glue registry ARN', () => {
    const glue = 'arn:aws:glue:eu-west-1:111122223333:registry/orders';
    expect(resolveEsmSettings(input({ ...REGISTRY, schemaRegistryURI: glue })).schemaRegistry?.schemaRegistryURI).toBe(glue);
  });

  it.each([
    [{ ...REGISTRY, eventRecordFormat: 'AVRO' }, "schemaRegistryConfig.eventRecordFormat: Value 'AVRO' at 'SchemaRegistryConfig.EventRecordFormat' failed to satisfy constraint: Member must satisfy enum value set: [JSON, SOURCE]"],
    [{ ...REGISTRY, schemaValidationConfigs: [{ attribute: 'HEADERS' }] }, "Value 'HEADERS' at 'SchemaRegistryConfig.SchemaValidationConfigs.1.member.Attribute' failed to satisfy constraint: Member must satisfy enum value set: [KEY, VALUE]"],
    [{ ...REGISTRY, schemaValidationConfigs: [] }, 'schemaRegistryConfig.schemaValidationConfigs: must name at least one attribute'],
    [{ ...REGISTRY, accessConfigs: [{ type: 'SASL', uri: SECRET_ARN }] }, "at 'SchemaRegistryConfig.AccessConfigs.1.member.Type' failed to satisfy constraint: Member must satisfy enum value set: [BASIC_AUTH, CLIENT_CERTIFICATE_TLS_AUTH, SERVER_ROOT_CA_CERTIFICATE]"],
    [{ ...REGISTRY, accessConfigs: [{ type: 'BASIC_AUTH', uri: 'user:password' }] }, "Value 'user:password' at 'SchemaRegistryConfig.AccessConfigs.1.member.URI' failed to satisfy constraint: Member must satisfy regular expression pattern"],
    [{ ...REGISTRY, schemaRegistryURI: 'registry.local' }, 'is neither a Glue registry ARN'],
    [{ eventRecordFormat: 'JSON', schemaValidationConfigs: [{ attribute: 'VALUE' }] }, 'schemaRegistryConfig.schemaRegistryURI: is required'],
    [{ ...REGISTRY, schemaRegistryUri: 'x' }, 'schemaRegistryConfig.schemaRegistryUri: unknown setting'],
  ])('refuses %j before anything starts', (config, message) => {
    expect(problemsOf(() => resolveEsmSettings(input(config))).join('\n')).toContain(message);
  });

  it('needs provisioned mode, as AWS does', () => {
    expect(problemsOf(() => resolveEsmSettings(input(REGISTRY, {}))).join('\n')).toContain('schemaRegistryConfig need provisioned mode on AWS');
  });

  it('deploys inside the MSK or self-managed event source config, beside what the Framework wrote there', () => {
    const resources: CloudFormationResources = {
      ConsumeEventSourceMappingMSKOrders: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { 'Fn::GetAtt': ['ConsumeLambdaFunction', 'Arn'] }, Topics: ['orders'], AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'g' } },
      },
    };
    const config = {
      service: 'svc',
      functions: { consume: { events: [{ msk: { arn: CLUSTER_ARN, topic: 'orders', ...PROVISIONED } }] } },
      custom: { eventSourceMappings: { consume: { schemaRegistryConfig: { ...REGISTRY, accessConfigs: [{ type: 'BASIC_AUTH', uri: SECRET_ARN }] } } } },
    };
    deployEventSourceMappings(config, resources, () => 'ConsumeLambdaFunction');
    expect(resources.ConsumeEventSourceMappingMSKOrders!.Properties.AmazonManagedKafkaEventSourceConfig).toEqual({
      ConsumerGroupId: 'g',
      SchemaRegistryConfig: {
        SchemaRegistryURI: REGISTRY.schemaRegistryURI,
        EventRecordFormat: 'JSON',
        SchemaValidationConfigs: [{ Attribute: 'VALUE' }],
        AccessConfigs: [{ Type: 'BASIC_AUTH', URI: SECRET_ARN }],
      },
    });
    expect(resources.ConsumeEventSourceMappingMSKOrders!.Properties).not.toHaveProperty('SchemaRegistryConfig');
  });

  it('deploys into SelfManagedKafkaEventSourceConfig for a kafka event', () => {
    const resources: CloudFormationResources = {
      ConsumeEventSourceMappingKafkaOrders: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: { FunctionName: { 'Fn::GetAtt': ['ConsumeLambdaFunction', 'Arn'] }, Topics: ['orders'], SelfManagedEventSource: { Endpoints: { KafkaBootstrapServers: ['b:9092'] } } },
      },
    };
    const kafkaEvent = { bootstrapServers: ['b:9092'], topic: 'orders', accessConfigurations: { saslScram512Auth: SECRET_ARN }, ...PROVISIONED };
    const config = { service: 'svc', functions: { consume: { events: [{ kafka: kafkaEvent }] } }, custom: { eventSourceMappings: { consume: { schemaRegistryConfig: REGISTRY } } } };
    deployEventSourceMappings(config, resources, () => 'ConsumeLambdaFunction');
    expect(resources.ConsumeEventSourceMappingKafkaOrders!.Properties.SelfManagedKafkaEventSourceConfig).toEqual({
      SchemaRegistryConfig: { SchemaRegistryURI: REGISTRY.schemaRegistryURI, EventRecordFormat: 'JSON', SchemaValidationConfigs: [{ Attribute: 'VALUE' }] },
    });
  });
});

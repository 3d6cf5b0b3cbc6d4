import { deployEventSourceMappings, EsmSettingsError, type CloudFormationResources } from '../../../../local/poller/index';

const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/c/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-2';
const PROVISIONED = { minimumPollers: 1, maximumPollers: 1 };

function resources(): CloudFormationResources {
  return {
    ConsumeEventSourceMappingMSKC: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { FunctionName: { 'Fn::GetAtt': ['ConsumeLambdaFunction', 'Arn'] }, Topics: ['t1'] },
    },
  };
}

const config = (eventSourceMappings: unknown) => ({
  service: 'svc',
  provider: { stage: 'prod' },
  functions: {
    consume: { events: [{ msk: { arn: CLUSTER_ARN, topic: 't1', provisionedPollerConfig: PROVISIONED } }] },
    http: { events: [{ httpApi: { method: 'GET', path: '/' } }] },
  },
  custom: { eventSourceMappings },
});

const logicalId = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}LambdaFunction`;

describe('custom.eventSourceMappings on deploy', () => {
  it('writes each block into its function mapping as CloudFormation properties', () => {
    const template = resources();
    deployEventSourceMappings(config({ consume: { maximumRetryAttempts: 3, destinationConfig: { onFailure: { destination: 'kafka://failures' } } } }), template, logicalId);
    expect(template.ConsumeEventSourceMappingMSKC!.Properties).toMatchObject({ MaximumRetryAttempts: 3, DestinationConfig: { OnFailure: { Destination: 'kafka://failures' } } });
  });

  it.each([
    [{ nope: { maximumRetryAttempts: 3 } }, 'custom.eventSourceMappings.nope: no function "nope" in this service'],
    [{ http: { maximumRetryAttempts: 3 } }, 'custom.eventSourceMappings.http: function "http" has no msk or kafka event'],
    [{ consume: { maximumRetryAttempts: 20_000 } }, "custom.eventSourceMappings.consume.maximumRetryAttempts: Value '20000' at 'MaximumRetryAttempts' failed to satisfy constraint"],
  ])('fails before anything is deployed, worded as the poller words it: %j', (blocks, message) => {
    const template = resources();
    expect(() => deployEventSourceMappings(config(blocks), template, logicalId)).toThrow(EsmSettingsError);
    expect(() => deployEventSourceMappings(config(blocks), template, logicalId)).toThrow(message);
    expect(template).toEqual(resources());
  });
});

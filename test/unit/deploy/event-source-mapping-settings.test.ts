import { applySettings } from '../../../local/poller/index';

function template() {
  return {
    ProcessNotificationsLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
    ProcessNotificationsEventSourceMappingMSKLocalMessagecreated: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { FunctionName: { 'Fn::GetAtt': ['ProcessNotificationsLambdaFunction', 'Arn'] }, Topics: ['message-created'] },
    },
    OtherEventSourceMappingMSKLocalOther: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { FunctionName: { 'Fn::GetAtt': ['OtherLambdaFunction', 'Arn'] }, Topics: ['other'] },
    },
  };
}

describe('the event source mapping settings plugin', () => {
  it("writes the block into that function's mapping as CloudFormation properties, and no other", () => {
    const resources = template();
    const changed = applySettings(resources, 'ProcessNotificationsLambdaFunction', {
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ['ReportBatchItemFailures'],
      destinationConfig: { onFailure: { destination: 'kafka://message-created-failures' } },
    });
    expect(changed).toEqual(['ProcessNotificationsEventSourceMappingMSKLocalMessagecreated']);
    expect(resources.ProcessNotificationsEventSourceMappingMSKLocalMessagecreated.Properties).toMatchObject({
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'kafka://message-created-failures' } },
    });
    expect(resources.OtherEventSourceMappingMSKLocalOther.Properties).toEqual(template().OtherEventSourceMappingMSKLocalOther.Properties);
  });

  it('fails on an unknown setting instead of deploying without it', () => {
    expect(() => applySettings(template(), 'ProcessNotificationsLambdaFunction', { maximumRetryAttemps: 3 })).toThrow(
      /unknown setting "maximumRetryAttemps"/,
    );
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../local/config';
import type { Template } from '../../helpers/cloudformation';
import { CloudFormationSchema } from '../../helpers/cloudformation-schema';

/**
 * `serverless package` of a service that sets every mapping setting AWS added in 2025-2026, with
 * the plugin installed as a service installs it: what the Framework and the plugin deploy
 * together, checked against CloudFormation's own schemas.
 */
const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/c/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-2';

const serverlessYml = (auditTimeout: number) => `service: settings-2026
frameworkVersion: '4'
provider:
  name: aws
  runtime: nodejs22.x
  region: eu-west-1
package:
  patterns: ['!**', 'handler.js']
functions:
  onOrder:
    handler: handler.handler
    events:
      - msk:
          arn: ${CLUSTER_ARN}
          topic: orders
          provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 2, pollerGroupName: orders-group }
  onAudit:
    handler: handler.handler
    timeout: ${auditTimeout}
    events:
      - kafka:
          accessConfigurations: { saslScram512Auth: arn:aws:secretsmanager:eu-west-1:111122223333:secret:audit }
          bootstrapServers: [broker:9092]
          topic: audit
          provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1 }
plugins:
  - serverless-offline-kafka
custom:
  eventSourceMappings:
    onOrder:
      metricsConfig: { metrics: [EventCount, ErrorCount, KafkaMetrics] }
      loggingConfig: { systemLogLevel: INFO }
    onAudit:
      consumptionMode: Queue
`;

function packageService(auditTimeout: number): { status: number | null; output: string; template?: Template } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-2026-'));
  try {
    fs.writeFileSync(path.join(dir, 'serverless.yml'), serverlessYml(auditTimeout));
    fs.writeFileSync(path.join(dir, 'handler.js'), 'exports.handler = async () => {};\n');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(path.join(PROJECT_ROOT, 'local/poller'), path.join(dir, 'node_modules/serverless-offline-kafka'));
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
    const result = spawnSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--package', path.join(dir, 'out')], {
      cwd: dir,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const templateFile = path.join(dir, 'out/cloudformation-template-update-stack.json');
    return {
      status: result.status,
      output: `${result.stdout}\n${result.stderr}`,
      ...(fs.existsSync(templateFile) && { template: JSON.parse(fs.readFileSync(templateFile, 'utf8')) as Template }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('serverless package with the 2025-2026 mapping settings', () => {
  let packaged: ReturnType<typeof packageService>;
  beforeAll(() => {
    packaged = packageService(60);
  }, 120_000);

  const mappingOf = (fn: string) => Object.values(packaged.template!.Resources).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(resource.Properties.FunctionName).includes(fn))!;

  it('deploys PollerGroupName, MetricsConfig and LoggingConfig on the msk mapping', () => {
    expect(packaged.status).toBe(0);
    expect(mappingOf('OnOrderLambdaFunction').Properties).toMatchObject({
      ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2, PollerGroupName: 'orders-group' },
      MetricsConfig: { Metrics: ['EventCount', 'ErrorCount', 'KafkaMetrics'] },
      LoggingConfig: { SystemLogLevel: 'INFO' },
    });
  });

  it('deploys ConsumptionMode Queue on the kafka mapping, without the StartingPosition the Framework writes by default', () => {
    const { Properties } = mappingOf('OnAuditLambdaFunction');
    expect(Properties.SelfManagedKafkaEventSourceConfig).toEqual({ ConsumptionMode: 'Queue' });
    expect(Properties).not.toHaveProperty('StartingPosition');
  });

  it("passes CloudFormation's own resource schemas, every resource", () => {
    expect(CloudFormationSchema.load().problems(packaged.template!.Resources)).toEqual([]);
  });

  it('refuses a Kafka-triggered function timeout over 14 minutes', () => {
    const refused = packageService(900);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain(
      'functions.onAudit.timeout: 900 seconds is over the 840 seconds (14 minutes) Lambda allows a function an Amazon MSK or self-managed Apache Kafka event source mapping invokes',
    );
  }, 120_000);
});

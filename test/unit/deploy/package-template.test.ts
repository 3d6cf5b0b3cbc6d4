import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../local/config';
import { resolveConditions, type Template } from '../../helpers/cloudformation';
import { CloudFormationSchema } from '../../helpers/cloudformation-schema';
import { ownEsbuildWorkFolder } from '../../helpers/esbuild-work-folder';
import { BUNDLE_BUDGET_BYTES } from '../../../deploy/bundle-budgets';

/**
 * `serverless package --stage prod`, offline and without credentials, read as CloudFormation
 * will read it. Budgets are the minified bundle sizes measured when they were set, plus ~10%:
 * a bundle that grows past one should be a decision, not an accident.
 */
const CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:111122223333:cluster/prod-cluster/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-2';
const CLUSTER_PATH = 'prod-cluster/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d-2';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:AmazonMSK_messages-AbCdEf';
const KMS_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555';

interface Packaged {
  template: Template;
  dir: string;
}

/** Its own serverless-esbuild work folder: integration tests may run serverless beside it. */
const bundles = ownEsbuildWorkFolder('package-prod');

function packageProd(env: Record<string, string>): Packaged {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'package-prod-'));
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    MSK_CLUSTER_ARN: CLUSTER_ARN,
    MSK_SUBNET_IDS: 'subnet-01,subnet-02',
    MSK_SECURITY_GROUP_IDS: 'sg-01',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    ...bundles.env,
    ...env,
  };
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'KAFKA_BROKERS']) delete childEnv[name];
  const result = spawnSync(
    process.execPath,
    [require.resolve('serverless/bin/serverless.js'), 'package', '--stage', 'prod', '--region', 'eu-west-1', '--package', dir],
    { cwd: PROJECT_ROOT, env: childEnv, encoding: 'utf8', timeout: 120_000 },
  );
  if (result.status !== 0) throw new Error(`serverless package failed:\n${result.stdout}\n${result.stderr}`);
  const template = JSON.parse(fs.readFileSync(path.join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { template, dir };
}

type Statement = { Effect: string; Action: string[]; Resource: unknown };

function statementsOf(template: Template, role: string): Statement[] {
  const policies = resolveConditions(template, template.Resources[role].Properties.Policies!) as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** Actions granted per resource, with CloudFormation's ARN joins rendered as text. */
function grants(template: Template, role: string): Record<string, string[]> {
  const render = (node: unknown): string => {
    if (typeof node === 'string') return node;
    const object = node as Record<string, unknown>;
    if (Array.isArray(object['Fn::Join'])) return (object['Fn::Join'][1] as unknown[]).map(render).join('');
    if (Array.isArray(object['Fn::Select'])) {
      const [index, split] = object['Fn::Select'] as [number, { 'Fn::Split': [string, string] }];
      const [separator, text] = split['Fn::Split'];
      return text.split(separator)[index];
    }
    return JSON.stringify(node);
  };
  const byResource: Record<string, string[]> = {};
  for (const statement of statementsOf(template, role)) {
    expect(statement.Effect).toBe('Allow');
    const key = render(statement.Resource);
    byResource[key] = [...(byResource[key] ?? []), ...statement.Action].sort();
  }
  return byResource;
}

const topicArn = (topic: string) => `arn:aws:kafka:eu-west-1:111122223333:topic/${CLUSTER_PATH}/${topic}`;
const groupArn = (group: string) => `arn:aws:kafka:eu-west-1:111122223333:group/${CLUSTER_PATH}/${group}`;
const logGroup = (fn: string) =>
  `arn:{"Ref":"AWS::Partition"}:logs:{"Ref":"AWS::Region"}:{"Ref":"AWS::AccountId"}:log-group:/aws/lambda/messages-notifications-prod-${fn}:*`;
/**
 * What a bundle may leave to the nodejs24.x runtime besides Node's builtins: the SDK clients that
 * only some Kafka auth modes load (serverless.yml, `custom.esbuild.exclude`; the runtime ships the
 * whole SDK v3), and the CRT signer, which the SDK requires inside a try as an optional speed-up.
 */
const RUNTIME_SDK_PACKAGES = ['@aws-sdk/client-kafka', '@aws-sdk/client-secrets-manager', '@aws-sdk/client-sts', '@aws-sdk/credential-providers'];
const OPTIONAL_PACKAGES = ['@aws-sdk/signature-v4-crt'];

function bundleListing(zip: string): { bytes: number; file: string; listing: string } {
  const listing = spawnSync('unzip', ['-l', zip], { encoding: 'utf8' }).stdout;
  const bundle = /^\s*(\d+)\s+\S+\s+\S+\s+(\S+handler\.js)$/m.exec(listing);
  if (!bundle) throw new Error(`no handler.js in ${zip}:\n${listing}`);
  return { bytes: Number(bundle[1]), file: bundle[2]!, listing };
}

const ENI = ['ec2:AssignPrivateIpAddresses', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:UnassignPrivateIpAddresses'];

describe('serverless package --stage prod', () => {
  let iam: Packaged;
  let scram: Packaged;

  beforeAll(() => {
    iam = packageProd({ KAFKA_AUTH_MODE: 'iam' });
    scram = packageProd({ KAFKA_AUTH_MODE: 'scram', KAFKA_SCRAM_SECRET_ARN: SECRET_ARN, KAFKA_SCRAM_SECRET_KMS_KEY_ARN: KMS_KEY_ARN });
  }, 240_000);

  afterAll(() => {
    for (const packaged of [iam, scram]) if (packaged) fs.rmSync(packaged.dir, { recursive: true, force: true });
    bundles.remove();
  });

  const resourcesOfType = (template: Template, type: string) => Object.values(template.Resources).filter((resource) => resource.Type === type);

  it('has one event source mapping, on the cluster and topic, with batching, position, group and IAM auth', () => {
    const [mapping, ...others] = resourcesOfType(iam.template, 'AWS::Lambda::EventSourceMapping');
    expect(others).toHaveLength(0);
    expect(mapping.Properties).toEqual({
      EventSourceArn: CLUSTER_ARN,
      FunctionName: { 'Fn::GetAtt': ['ProcessNotificationsLambdaFunction', 'Arn'] },
      Topics: ['message-created'],
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: 'messages-notifications-prod-notifications' },
    });
  });

  it('gives the mapping the SCRAM secret on a SCRAM cluster', () => {
    const [mapping] = resourcesOfType(scram.template, 'AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties.SourceAccessConfigurations).toEqual([{ Type: 'SASL_SCRAM_512_AUTH', URI: SECRET_ARN }]);
  });

  it('runs every function on nodejs24.x with its own role; the Kafka functions in the VPC, the list function outside it', () => {
    const functions = Object.entries(iam.template.Resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
    expect(functions.map(([id]) => id).sort()).toEqual(['CreateMessageLambdaFunction', 'ListNotificationsLambdaFunction', 'ProcessNotificationsLambdaFunction']);
    for (const [id, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Role).toEqual({ 'Fn::GetAtt': [id.replace('LambdaFunction', 'Role'), 'Arn'] });
    }
    const vpc = { SubnetIds: { 'Fn::Split': [',', 'subnet-01,subnet-02'] }, SecurityGroupIds: { 'Fn::Split': [',', 'sg-01'] } };
    expect(iam.template.Resources.CreateMessageLambdaFunction.Properties.VpcConfig).toEqual(vpc);
    expect(iam.template.Resources.ProcessNotificationsLambdaFunction.Properties.VpcConfig).toEqual(vpc);
    expect(iam.template.Resources.ListNotificationsLambdaFunction.Properties.VpcConfig).toBeUndefined();
    expect(resourcesOfType(iam.template, 'AWS::IAM::Role')).toHaveLength(3);
  });

  it('lets the producer only connect, describe and write its topic (IAM)', () => {
    expect(grants(iam.template, 'CreateMessageRole')).toEqual({
      [logGroup('createMessage')]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      '*': ENI,
      [CLUSTER_ARN]: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently', 'kafka:GetBootstrapBrokers'],
      [topicArn('message-created')]: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
    });
  });

  it("gives the consumer what the MSK event source mapping needs, its group, the dead-letter topic and the table's writes (IAM)", () => {
    expect(grants(iam.template, 'ProcessNotificationsRole')).toEqual({
      [logGroup('processNotifications')]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      '*': [...ENI, 'ec2:DescribeSecurityGroups', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs'].sort(),
      [CLUSTER_ARN]: [
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeClusterDynamicConfiguration',
        'kafka-cluster:WriteDataIdempotently',
        'kafka:DescribeCluster',
        'kafka:DescribeClusterV2',
        'kafka:GetBootstrapBrokers',
      ],
      [topicArn('message-created')]: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
      [groupArn('messages-notifications-prod-notifications')]: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
      [topicArn('message-created-dlq')]: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      '{"Fn::GetAtt":["NotificationsTable","Arn"]}': ['dynamodb:PutItem'],
    });
  });

  it('lets the list function only query the table index', () => {
    expect(grants(iam.template, 'ListNotificationsRole')).toEqual({
      [logGroup('listNotifications')]: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      '{"Fn::GetAtt":["NotificationsTable","Arn"]}/index/byCreatedAt': ['dynamodb:Query'],
    });
  });

  it('on a SCRAM cluster grants the secret and its key instead of kafka-cluster actions', () => {
    for (const role of ['CreateMessageRole', 'ProcessNotificationsRole']) {
      const granted = grants(scram.template, role);
      expect(granted[SECRET_ARN]).toEqual(['secretsmanager:GetSecretValue']);
      expect(granted[KMS_KEY_ARN]).toEqual(['kms:Decrypt']);
      expect(Object.values(granted).flat().filter((action) => action.startsWith('kafka-cluster:'))).toEqual([]);
    }
  });

  it('uses "*" only for the EC2 network-interface actions that have no narrower resource', () => {
    for (const packaged of [iam, scram]) {
      for (const role of ['CreateMessageRole', 'ProcessNotificationsRole', 'ListNotificationsRole']) {
        const wildcard = grants(packaged.template, role)['*'] ?? [];
        expect(wildcard.every((action) => action.startsWith('ec2:'))).toBe(true);
      }
    }
  });

  it('keeps the table on demand with point-in-time recovery', () => {
    expect(iam.template.Resources.NotificationsTable.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("passes CloudFormation's own resource schemas, every resource of both templates", () => {
    const schema = CloudFormationSchema.load();
    const types = new Set(Object.values(iam.template.Resources).map((resource) => resource.Type));
    for (const type of ['AWS::Lambda::EventSourceMapping', 'AWS::Lambda::Function', 'AWS::IAM::Role', 'AWS::Logs::LogGroup']) expect(types.has(type)).toBe(true);
    expect(schema.problems(iam.template.Resources)).toEqual([]);
    expect(schema.problems(scram.template.Resources)).toEqual([]);
  });

  it('fails the schema check on a misspelt property, a wrong type, an enum value out of its set and an unknown type', () => {
    const schema = CloudFormationSchema.load();
    const broken = structuredClone(iam.template.Resources);
    const mapping = Object.values(broken).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping')!;
    const { BatchSize, ...rest } = mapping.Properties;
    mapping.Properties = { ...rest, BatchSzie: BatchSize!, Enabled: 'yes', MetricsConfig: { Metrics: ['EventCount', 'OffsetLag'] } };
    broken.ProcessNotificationsLogGroup!.Properties.RetentionInDays = { days: 14 };
    broken.Extra = { Type: 'AWS::Lambda::Functoin', Properties: {} };
    const problems = schema.problems(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.Properties\.BatchSzie: AWS::Lambda::EventSourceMapping has no property BatchSzie \(it has .*BatchSize/),
        expect.stringMatching(/\.Properties\.Enabled: expected a boolean, not "yes"/),
        expect.stringMatching(/\.Properties\.MetricsConfig\.Metrics\[1\]: expected one of EventCount, ErrorCount, KafkaMetrics, not "OffsetLag"/),
        'Resources.ProcessNotificationsLogGroup.Properties.RetentionInDays: expected an integer, not {"days":14}',
        'Resources.Extra.Type: AWS::Lambda::Functoin is not a CloudFormation resource type',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it.each(Object.entries(BUNDLE_BUDGET_BYTES))('bundles %s on its own, minified, under %d bytes', (fn, budget) => {
    const zip = path.join(iam.dir, `${fn}.zip`);
    expect(fs.existsSync(zip)).toBe(true);
    const { bytes, listing } = bundleListing(zip);
    expect(bytes).toBeLessThan(budget);
    expect(listing).not.toMatch(/node_modules\//);
  });

  it.each(Object.keys(BUNDLE_BUDGET_BYTES))('leaves %s nothing to load but Node builtins and the SDK clients the runtime ships, each with require()', (fn) => {
    const zip = path.join(iam.dir, `${fn}.zip`);
    const code = spawnSync('unzip', ['-p', zip, bundleListing(zip).file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).stdout;
    const loaded = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]!));
    const allowed = (name: string) => builtinModules.includes(name.replace(/^node:/, '')) || RUNTIME_SDK_PACKAGES.includes(name) || OPTIONAL_PACKAGES.includes(name);
    expect([...loaded].filter((name) => !allowed(name))).toEqual([]);
    // import() of a builtin from a CommonJS bundle builds an ES module view of it: for node:http,
    // one whose getters load Node's fetch (undici), about 20 ms of a cold start.
    expect(code).not.toMatch(/\bimport\(/);
  });
});

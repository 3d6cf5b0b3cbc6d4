import { GetBootstrapBrokersCommand, KafkaClient } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { brokersFor } from '../../../../local/poller/connection/brokers';
import type { MappingAuth } from '../../../../local/poller/connection/mapping-auth';
import type { EsmSettings } from '../../../../local/poller/settings/esm-settings';
import { EVERY_LISTENER, MSK_CLUSTER_ARN, mskBrokers } from '../../../helpers/msk-cluster';

const GIVEN = ['127.0.0.1:9092'];
const msk = { source: 'msk', functionName: 'fn', eventSourceArn: MSK_CLUSTER_ARN } as EsmSettings;
const kafkaEvent = { source: 'kafka', functionName: 'fn', bootstrapServers: ['pkc-1.confluent.cloud:9092'] } as EsmSettings;
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_messages';

describe('the brokers a mapping connects to', () => {
  const kafka = mockClient(KafkaClient);
  beforeEach(() => kafka.on(GetBootstrapBrokersCommand, { ClusterArn: MSK_CLUSTER_ARN }).resolves(EVERY_LISTENER));
  afterEach(() => kafka.reset());
  afterAll(() => kafka.restore());

  it.each<[string, MappingAuth, number]>([
    ['IAM', { login: { kind: 'iam' }, tls: true }, 9098],
    ['SCRAM', { login: { kind: 'sasl', mechanism: 'scram-sha-512', secretArn: SECRET }, tls: true }, 9096],
    ['mutual TLS', { login: { kind: 'client-certificate', secretArn: SECRET }, tls: true }, 9094],
  ])('--msk-bootstrap: the msk cluster brokers of the %s listener', async (_login, auth, port) => {
    await expect(brokersFor(msk, auth, { brokers: GIVEN, brokersFromEvents: true, mskBootstrap: true })).resolves.toEqual(mskBrokers(port));
  });

  it('without --msk-bootstrap, an msk event takes the brokers given; a kafka event its own when it logs in', async () => {
    const iam: MappingAuth = { login: { kind: 'iam' }, tls: true };
    await expect(brokersFor(msk, iam, { brokers: GIVEN, brokersFromEvents: true, mskBootstrap: false })).resolves.toEqual(GIVEN);
    await expect(brokersFor(kafkaEvent, iam, { brokers: GIVEN, brokersFromEvents: true, mskBootstrap: true })).resolves.toEqual(['pkc-1.confluent.cloud:9092']);
    await expect(brokersFor(kafkaEvent, iam, { brokers: GIVEN, brokersFromEvents: false, mskBootstrap: false })).resolves.toEqual(GIVEN);
    expect(kafka.calls()).toHaveLength(0);
  });

  it('names the mapping when the cluster has no listener for its login', async () => {
    kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringTls: mskBrokers(9094).join(',') });

    await expect(brokersFor(msk, { login: { kind: 'iam' }, tls: true }, { brokers: GIVEN, brokersFromEvents: true, mskBootstrap: true })).rejects.toThrow(
      `Kafka cluster ${MSK_CLUSTER_ARN} has no BootstrapBrokerStringSaslIam for the fn mapping (--msk-bootstrap): enable IAM role-based client authentication on the cluster`,
    );
  });
});

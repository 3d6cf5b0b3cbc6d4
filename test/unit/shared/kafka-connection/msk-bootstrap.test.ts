import { GetBootstrapBrokersCommand, KafkaClient, NotFoundException } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import type { KafkaAuthMode } from '../../../../shared/config';
import { MskBootstrapError } from '../../../../shared/kafka-connection/kafka-setup-error';
import { mskBootstrapBrokers } from '../../../../shared/kafka-connection/msk-bootstrap';
import { EVERY_LISTENER, MSK_CLUSTER, MSK_CLUSTER_ARN, mskBrokers } from '../../../helpers/msk-cluster';

describe('mskBootstrapBrokers', () => {
  const kafka = mockClient(KafkaClient);
  afterEach(() => kafka.reset());
  afterAll(() => kafka.restore());

  it.each<[KafkaAuthMode, number]>([
    ['plaintext', 9092],
    ['tls', 9094],
    ['scram', 9096],
    ['iam', 9098],
  ])('picks the %s listener (port %i) of the cluster', async (mode, port) => {
    kafka.on(GetBootstrapBrokersCommand, { ClusterArn: MSK_CLUSTER_ARN }).resolves(EVERY_LISTENER);

    await expect(mskBootstrapBrokers(MSK_CLUSTER, mode)).resolves.toEqual(mskBrokers(port));
    expect(kafka.commandCalls(GetBootstrapBrokersCommand)).toHaveLength(1);
  });

  it('asks the region of the cluster, not the region the function runs in', async () => {
    kafka.on(GetBootstrapBrokersCommand).resolves(EVERY_LISTENER);

    await mskBootstrapBrokers(MSK_CLUSTER, 'iam');

    await expect(kafka.call(0).thisValue.config.region()).resolves.toBe('eu-west-1');
  });

  it.each<[KafkaAuthMode, string]>([
    ['iam', 'BootstrapBrokerStringSaslIam for KAFKA_AUTH_MODE iam: enable IAM role-based client authentication on the cluster'],
    ['scram', 'BootstrapBrokerStringSaslScram for KAFKA_AUTH_MODE scram: enable SASL/SCRAM client authentication, and associate the AmazonMSK_ secret with the cluster'],
  ])('says what to enable when the cluster has no %s listener', async (mode, message) => {
    kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringTls: mskBrokers(9094).join(',') });

    const failure = mskBootstrapBrokers(MSK_CLUSTER, mode, `KAFKA_AUTH_MODE ${mode}`);

    await expect(failure).rejects.toBeInstanceOf(MskBootstrapError);
    await expect(failure).rejects.toThrow(`Kafka cluster ${MSK_CLUSTER_ARN} has no ${message}`);
  });

  it('names the listener itself when no one says who asked for it', async () => {
    kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringTls: mskBrokers(9094).join(',') });

    await expect(mskBootstrapBrokers(MSK_CLUSTER, 'iam')).rejects.toThrow(
      `Kafka cluster ${MSK_CLUSTER_ARN} has no BootstrapBrokerStringSaslIam for the iam listener: enable IAM role-based client authentication on the cluster`,
    );
  });

  it('names the cluster when GetBootstrapBrokers fails', async () => {
    kafka.on(GetBootstrapBrokersCommand).rejects(new NotFoundException({ message: 'The requested resource was not found.', $metadata: {} }));

    await expect(mskBootstrapBrokers(MSK_CLUSTER, 'iam')).rejects.toMatchObject({
      name: 'MskBootstrapError',
      message: `Kafka bootstrap discovery: GetBootstrapBrokers of ${MSK_CLUSTER_ARN} failed: The requested resource was not found.`,
      cause: expect.any(NotFoundException),
    });
  });
});

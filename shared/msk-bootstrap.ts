import { GetBootstrapBrokersCommand, KafkaClient } from '@aws-sdk/client-kafka';
import type { AwsArn } from './aws-arn';
import type { KafkaAuthMode } from './config';
import { MskBootstrapError } from './kafka-setup-error';

type BrokerStringField = 'BootstrapBrokerString' | 'BootstrapBrokerStringTls' | 'BootstrapBrokerStringSaslScram' | 'BootstrapBrokerStringSaslIam';

/** Each mode logs in on its own MSK listener (its own port), which the cluster lists only when enabled. */
const LISTENERS: Record<KafkaAuthMode, { field: BrokerStringField; enable: string }> = {
  plaintext: { field: 'BootstrapBrokerString', enable: 'plaintext traffic between clients and brokers (encryption in transit: TLS_PLAINTEXT or PLAINTEXT)' },
  tls: { field: 'BootstrapBrokerStringTls', enable: 'TLS between clients and brokers, with unauthenticated access or TLS client authentication' },
  scram: { field: 'BootstrapBrokerStringSaslScram', enable: 'SASL/SCRAM client authentication, and associate the AmazonMSK_ secret with the cluster' },
  iam: { field: 'BootstrapBrokerStringSaslIam', enable: 'IAM role-based client authentication' },
};

/**
 * The brokers of an MSK cluster for one auth mode, from GetBootstrapBrokers: the cluster ARN is
 * all a deployment has to know, and brokers replaced by MSK keep working without a redeploy.
 */
export async function mskBootstrapBrokers(cluster: AwsArn, mode: KafkaAuthMode): Promise<string[]> {
  const { arn: clusterArn, region } = cluster;
  const client = new KafkaClient({ region });
  const { field, enable } = LISTENERS[mode];
  let brokers: string | undefined;
  try {
    ({ [field]: brokers } = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn })));
  } catch (error) {
    throw new MskBootstrapError(`Kafka bootstrap discovery: GetBootstrapBrokers of ${clusterArn} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
  if (!brokers) {
    throw new MskBootstrapError(`Kafka cluster ${clusterArn} has no ${field} for KAFKA_AUTH_MODE ${mode}: enable ${enable} on the cluster`);
  }
  return brokers.split(',').map((broker) => broker.trim());
}

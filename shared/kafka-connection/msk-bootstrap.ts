import type { AwsArn } from './aws-arn';
import { MskBootstrapError } from './kafka-setup-error';
import type { MskListener } from './msk-listeners';

type BrokerStringField = 'BootstrapBrokerString' | 'BootstrapBrokerStringTls' | 'BootstrapBrokerStringSaslScram' | 'BootstrapBrokerStringSaslIam';

/** The field GetBootstrapBrokers lists each listener in, and what enables it when it lists none. */
const LISTENERS: Record<MskListener, { field: BrokerStringField; enable: string }> = {
  plaintext: { field: 'BootstrapBrokerString', enable: 'plaintext traffic between clients and brokers (encryption in transit: TLS_PLAINTEXT or PLAINTEXT)' },
  tls: { field: 'BootstrapBrokerStringTls', enable: 'TLS between clients and brokers, with unauthenticated access or TLS client authentication' },
  scram: { field: 'BootstrapBrokerStringSaslScram', enable: 'SASL/SCRAM client authentication, and associate the AmazonMSK_ secret with the cluster' },
  iam: { field: 'BootstrapBrokerStringSaslIam', enable: 'IAM role-based client authentication' },
};

/**
 * The brokers of an MSK cluster on one listener, from GetBootstrapBrokers: the cluster ARN is all
 * a deployment has to know, and brokers replaced by MSK keep working without a redeploy.
 * `wantedBy` says, in the error for a cluster without that listener, who asked for it.
 */
export async function mskBootstrapBrokers(cluster: AwsArn, listener: MskListener, wantedBy = `the ${listener} listener`): Promise<string[]> {
  const { arn: clusterArn, region } = cluster;
  // Loaded on first use: a function given its brokers does not load the client in its cold start.
  const { GetBootstrapBrokersCommand, KafkaClient } = await import('@aws-sdk/client-kafka');
  const client = new KafkaClient({ region });
  const { field, enable } = LISTENERS[listener];
  let brokers: string | undefined;
  try {
    ({ [field]: brokers } = await client.send(new GetBootstrapBrokersCommand({ ClusterArn: clusterArn })));
  } catch (error) {
    throw new MskBootstrapError(`Kafka bootstrap discovery: GetBootstrapBrokers of ${clusterArn} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    client.destroy();
  }
  if (!brokers) {
    throw new MskBootstrapError(`Kafka cluster ${clusterArn} has no ${field} for ${wantedBy}: enable ${enable} on the cluster`);
  }
  return brokers.split(',').map((broker) => broker.trim());
}

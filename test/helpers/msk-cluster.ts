import type { AwsArn } from '../../shared/kafka-connection/aws-arn';

/** An MSK cluster as the AWS APIs describe it, for unit tests of discovery, secrets and config. */
export const MSK_CLUSTER_ARN = 'arn:aws:kafka:eu-west-1:123456789012:cluster/messages/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-3';
/** The cluster's SCRAM secret: MSK requires the AmazonMSK_ prefix. */
export const MSK_SCRAM_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_messages-AbCdEf';
/** The two as the configuration hands them on, with the region it read from each. */
export const MSK_CLUSTER: AwsArn = { arn: MSK_CLUSTER_ARN, region: 'eu-west-1' };
export const MSK_SCRAM_SECRET: AwsArn = { arn: MSK_SCRAM_SECRET_ARN, region: 'eu-west-1' };

/** The cluster's brokers on one listener's port (9092 plaintext, 9094 TLS, 9096 SCRAM, 9098 IAM). */
export function mskBrokers(port: number): string[] {
  return [1, 2, 3].map((broker) => `b-${broker}.messages.abc123.c3.kafka.eu-west-1.amazonaws.com:${port}`);
}

/** What GetBootstrapBrokers answers for a provisioned cluster with every client listener enabled. */
export const EVERY_LISTENER = {
  BootstrapBrokerString: mskBrokers(9092).join(','),
  BootstrapBrokerStringTls: mskBrokers(9094).join(','),
  BootstrapBrokerStringSaslScram: mskBrokers(9096).join(','),
  BootstrapBrokerStringSaslIam: mskBrokers(9098).join(','),
  BootstrapBrokerStringPublicSaslIam: mskBrokers(9198).join(','),
};

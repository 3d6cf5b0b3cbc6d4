/**
 * How to reach Kafka the way AWS does, with nothing read from the environment: MSK's listeners and
 * their bootstrap brokers, IAM tokens and the OAUTHBEARER login, SASL secrets from Secrets
 * Manager, and errors that say which login failed. The functions (shared/kafka-client.ts) and
 * the local poller (local/poller/connection/) both build their Kafka clients from these.
 */
export { arnVariable, awsArnOf, type AwsArn } from './aws-arn';
export { BROKER_LIST_FORMAT, parseBrokerList } from './broker-list';
export { iamTokenProvider, IAM_TOKEN_REFRESH_MS } from './iam-token';
export { quietKafkajsTimers } from './kafkajs-timers';
export { explainAuthFailure, explainingFailures, type KafkaClients, type LoginRefused } from './kafka-auth-failure';
export { KafkaAuthError, KafkaSetupError, MskBootstrapError } from './kafka-setup-error';
export { mskBootstrapBrokers } from './msk-bootstrap';
export { MSK_LISTENERS, type MskListener } from './msk-listeners';
export { oauthBearerLogin } from './oauthbearer-login';
export { fetchScramCredentials, type ScramCredentials } from './scram-credentials';
export { readSecretJson } from './secret-json';

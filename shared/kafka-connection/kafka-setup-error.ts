/**
 * Kafka cannot be reached the way this function is set up: its credentials were refused or could
 * not be had, or its cluster's brokers could not be found. Retrying will not help until someone
 * fixes the setup, so `retriable` is false: kafkajs reads that and gives up at once, instead of
 * logging in again and again.
 */
export class KafkaSetupError extends Error {
  readonly retriable = false;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaSetupError';
  }
}

/** The credentials of KAFKA_AUTH_MODE could not be read or signed, or the broker refused them. */
export class KafkaAuthError extends KafkaSetupError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaAuthError';
  }
}

/** MSK_CLUSTER_ARN gave no brokers for KAFKA_AUTH_MODE. */
export class MskBootstrapError extends KafkaSetupError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MskBootstrapError';
  }
}

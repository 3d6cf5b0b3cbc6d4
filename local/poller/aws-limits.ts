/**
 * The Lambda API's constraints on Kafka event source mappings (CreateEventSourceMapping and the
 * Kafka guide pages), in one place so the checks and their messages quote the same numbers.
 */

export const STARTING_POSITIONS = ['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP'] as const;
export type StartingPosition = (typeof STARTING_POSITIONS)[number];

export const BATCH_SIZE = { min: 1, max: 10_000, default: 100 };
export const BATCHING_WINDOW_SECONDS = { min: 0, max: 300 };
/** Kafka sources batch for 500 ms until a window is set, in whole seconds. */
export const DEFAULT_BATCHING_WINDOW_MS = 500;

export const MAXIMUM_RETRY_ATTEMPTS = { min: 0, max: 10_000, infinite: true };
export const MAXIMUM_RECORD_AGE_SECONDS = { min: 60, max: 604_800, infinite: true };
/** With an on-failure destination, Lambda turns infinite retries into this many. */
export const RETRIES_WITH_DESTINATION = 10;

export const PROVISIONED_MINIMUM_POLLERS = { min: 1, max: 200 };
export const PROVISIONED_MAXIMUM_POLLERS = { min: 1, max: 2000 };

export const CONSUMER_GROUP_ID = { maxLength: 200, pattern: '[a-zA-Z0-9-\\/*:_+=.@-]*' };
export const TOPIC = { maxLength: 249, pattern: '[^.]([a-zA-Z0-9\\-_.]+)' };
export const EVENT_SOURCE_ARN = {
  pattern: 'arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\\-])+:([a-z]{2}(-gov)?-[a-z]+-\\d{1})?:(\\d{12})?:(.*)',
};

export const FUNCTION_RESPONSE_TYPES = ['ReportBatchItemFailures'] as const;

export const DESTINATION = { maxLength: 350 };
/** On-failure destinations a Kafka mapping accepts besides `kafka://<topic>`. */
export const DESTINATION_ARN = /^arn:aws[a-zA-Z-]*:(sqs|sns|s3):/;
export const KAFKA_DESTINATION_PREFIX = 'kafka://';

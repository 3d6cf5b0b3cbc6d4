import { KAFKA_DESTINATION_PREFIX, type ConsumptionMode } from '../aws-limits';
import type { Problems } from './checks';
import type { OnFailureDestination } from './destination';
import type { KafkaSource } from './event-settings';

const EXAMPLE_POLLERS = '{ minimumPollers: 1, maximumPollers: 1 }';

/**
 * AWS offers the error-handling controls, the schema registry, system logging and metrics only to
 * a mapping in provisioned mode (`kafka-scaling-modes`, `kafka-retry-configurations`,
 * `services-consume-kafka-events`, `esm-logging`): each one set without
 * `provisionedPollerConfig` is refused.
 */
export function checkProvisionedOnly(input: { source: KafkaSource; provisioned: boolean; provisionedOnlyKeys: readonly string[]; extraPath: string; problems: Problems }): void {
  const { source, provisionedOnlyKeys } = input;
  if (input.provisioned || provisionedOnlyKeys.length === 0) return;
  input.problems.add(input.extraPath, `${provisionedOnlyKeys.join(', ')} need provisioned mode on AWS: add provisionedPollerConfig (e.g. ${EXAMPLE_POLLERS}) to the ${source} event`);
}

/**
 * A Kafka topic as on-failure destination (`kafka://<topic>`) is a provisioned-mode feature
 * (`kafka-on-failure-destination`); SQS, SNS and S3 destinations are not.
 */
export function checkKafkaDestinationMode(input: { source: KafkaSource; provisioned: boolean; destination: OnFailureDestination | undefined; destinationPath: string; problems: Problems }): void {
  const { source, destination } = input;
  if (input.provisioned || destination?.kind !== 'kafka') return;
  input.problems.add(
    input.destinationPath,
    `"${KAFKA_DESTINATION_PREFIX}${destination.topic}": a Kafka topic as on-failure destination needs provisioned mode on AWS: add provisionedPollerConfig (e.g. ${EXAMPLE_POLLERS}) to the ${source} event`,
  );
}

/** Settings a Queue-mode mapping does not take (`polling-kafka-queue`): it reads through a share group, which has no position and no batching window. */
const NOT_IN_QUEUE_MODE: Record<string, string> = {
  startingPosition: 'StartingPosition',
  startingPositionTimestamp: 'StartingPositionTimestamp',
  maximumBatchingWindow: 'MaximumBatchingWindowInSeconds',
};

/** `ConsumptionMode` is the self-managed Kafka config's; Queue refuses the settings share groups have no use for. */
export function checkConsumptionMode(input: {
  source: KafkaSource;
  mode: ConsumptionMode | undefined;
  givenEventKeys: readonly string[];
  eventPath: string;
  extraPath: string;
  problems: Problems;
}): void {
  const { source, mode, problems } = input;
  if (mode === undefined) return;
  if (source !== 'kafka') {
    problems.add(`${input.extraPath}.consumptionMode`, 'ConsumptionMode is only supported for self-managed Apache Kafka event sources (SelfManagedKafkaEventSourceConfig): use a kafka event, not msk');
    return;
  }
  if (mode !== 'Queue') return;
  for (const key of input.givenEventKeys.filter((key) => key in NOT_IN_QUEUE_MODE)) {
    problems.add(`${input.eventPath}.${key}`, `${NOT_IN_QUEUE_MODE[key]} is not supported when ConsumptionMode is Queue`);
  }
}

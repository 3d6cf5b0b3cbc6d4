import { DESTINATION_ARN, KAFKA_DESTINATION_PREFIX, TOPIC } from '../aws-limits';
import type { Problems } from './checks';

/**
 * Where records go once retries are exhausted. A Kafka topic of the same cluster is written
 * locally as on AWS; an SQS, SNS or S3 destination is valid on AWS but has nothing to reach
 * on a laptop, so the poller can only report what it would have sent.
 */
export type OnFailureDestination = { kind: 'kafka'; topic: string } | { kind: 'unsupported-locally'; destination: string };

export function parseOnFailureDestination(destination: string, sourceTopic: string, path: string, problems: Problems): OnFailureDestination | undefined {
  if (destination.startsWith(KAFKA_DESTINATION_PREFIX)) {
    const topic = destination.slice(KAFKA_DESTINATION_PREFIX.length);
    if (!new RegExp(`^(?:${TOPIC.pattern})$`).test(topic) || topic.length > TOPIC.maxLength) {
      problems.add(path, `"${destination}" does not name a valid Kafka topic (pattern ${TOPIC.pattern}, at most ${TOPIC.maxLength} characters)`);
      return undefined;
    }
    if (topic === sourceTopic) {
      problems.add(path, `"${destination}" is the mapping's source topic; Lambda refuses an on-failure destination that is a source topic, which would loop`);
      return undefined;
    }
    return { kind: 'kafka', topic };
  }
  if (DESTINATION_ARN.test(destination)) return { kind: 'unsupported-locally', destination };
  problems.add(path, `"${destination}" is not an on-failure destination for a Kafka mapping: use kafka://<topic> or the ARN of an SQS queue, SNS topic or S3 bucket`);
  return undefined;
}

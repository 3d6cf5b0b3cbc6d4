import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { producerConfig } from '../../shared/config';
import { ServiceUnavailableError } from '../../shared/http-error';
import { parseMessageRequest } from '../../shared/http-request';
import { errorResponse, jsonResponse } from '../../shared/http-response';
import { kafkaFor } from '../../shared/kafka-client';
import { logger } from '../../shared/logger';
import { KafkaUnavailableError, MessageProducer } from '../../shared/message-producer';

const RETRY_AFTER_SECONDS = 5;

const config = producerConfig();

/** One producer per container, connected on the first request; exported so tests can disconnect it. */
export const producer = new MessageProducer(() => kafkaFor(config.kafka), {
  topic: config.MESSAGE_TOPIC,
  timeoutMs: config.PRODUCE_TIMEOUT_MS,
});

export async function handler(event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  logger.addContext(context);
  try {
    const request = parseMessageRequest(event);
    const stored = await producer.produce(request.messages);
    return jsonResponse(201, request.batch ? stored : stored[0]);
  } catch (error) {
    // An outage, or a refused login (logged with its cause through the 503's), may be retried.
    if (error instanceof KafkaUnavailableError) {
      return errorResponse(new ServiceUnavailableError('Kafka is unavailable, retry later', RETRY_AFTER_SECONDS, { cause: error }));
    }
    return errorResponse(error);
  }
}

import path from 'node:path';
import { testDynamoDBEndpoint } from '../../helpers/dynamodb';
import { testBrokers } from '../../helpers/kafka';
import { PollerService, type PollerServiceOptions } from '../../helpers/poller-service';
import { FAULTS_ENV, type Faults } from '../fixtures/faults';

const HANDLER_MODULE = path.join(__dirname, '..', 'fixtures', 'notifications-handler');

/** Where one scenario's notifications flow: its own topic, dead-letter topic and table. */
export interface NotificationsPipeline {
  topic: string;
  deadLetterTopic: string;
  table: string;
}

export interface NotificationsServiceOptions extends Pick<PollerServiceOptions, 'event' | 'mapping' | 'timeoutSeconds' | 'brokers'> {
  pipeline: NotificationsPipeline;
  faults?: Faults;
  /** The store's DynamoDB Local: the suite's by default. */
  dynamodbEndpoint?: string;
}

/**
 * A temporary service whose MSK-triggered function is the real notifications function behind
 * the chaos handler (fixtures/notifications-handler.ts), configured for the scenario's pipeline.
 */
export function notificationsService(options: NotificationsServiceOptions): PollerService {
  const { pipeline, faults, brokers = testBrokers(), dynamodbEndpoint = testDynamoDBEndpoint() } = options;
  return new PollerService({
    topic: pipeline.topic,
    handlerModule: HANDLER_MODULE,
    behaviour: { omitValues: true },
    event: { batchSize: 100, ...options.event },
    ...(options.mapping && { mapping: options.mapping }),
    ...(options.timeoutSeconds && { timeoutSeconds: options.timeoutSeconds }),
    brokers,
    environment: {
      KAFKA_BROKERS: brokers.join(','),
      MESSAGE_TOPIC: pipeline.topic,
      DEAD_LETTER_TOPIC: pipeline.deadLetterTopic,
      NOTIFICATIONS_TABLE: pipeline.table,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      POWERTOOLS_LOG_LEVEL: 'WARN',
      ...(faults && { [FAULTS_ENV]: JSON.stringify(faults) }),
    },
  });
}

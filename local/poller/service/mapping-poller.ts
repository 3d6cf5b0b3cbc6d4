import type { Kafka } from 'kafkajs';
import type { MappingConnection } from '../connection';
import { QueuePoller } from '../queue';
import { Poller, type PollerOptions } from '../source/poller';

export type MappingPoller = Poller | QueuePoller;

/**
 * The one place a mapping's consumption mode is chosen: a consumer group member (Stream, the
 * default) or a share group member (Queue, local/poller/queue).
 */
export function createMappingPoller(options: PollerOptions & { kafka: Kafka }, connection: MappingConnection, clientId: string): MappingPoller {
  if (options.settings.consumptionMode !== 'Queue') return new Poller(options);
  const { brokers, ssl, sasl, connectionTimeout } = connection.config;
  return new QueuePoller({
    ...options,
    link: { brokers: brokers as string[], clientId, ...(ssl !== undefined && { ssl }), ...(sasl !== undefined && { sasl }), ...(connectionTimeout !== undefined && { connectionTimeout }) },
  });
}

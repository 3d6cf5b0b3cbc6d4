import type { Admin } from 'kafkajs';

/** Kafka 4.2's default `group.share.delivery.count.limit`, for when the broker's config cannot be read. */
export const DEFAULT_DELIVERY_ATTEMPT_LIMIT = 5;

/**
 * The broker's `group.share.delivery.count.limit`: how many times a share group delivers a
 * record before it archives it. Kafka 4.2 has no per-group setting of it. Undefined when the
 * broker gives no usable value; a failed request rejects.
 */
export async function readDeliveryAttemptLimit(admin: Admin): Promise<number | undefined> {
  const { brokers } = await admin.describeCluster();
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: 4 /* BROKER */, name: String(brokers[0]!.nodeId), configNames: ['group.share.delivery.count.limit'] }],
  });
  const value = Number(described.resources[0]?.configEntries[0]?.configValue);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

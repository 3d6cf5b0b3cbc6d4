import { KAFKA_HOST, KAFKA_MAX_MESSAGE_BYTES, minInsyncReplicasFor, replicationFactorFor } from '../config';
import { clientPort, controllerPort, nodeIds, type ClusterSpec } from './cluster-spec';

/**
 * `server.properties` of one node of a Java-run cluster: KRaft, broker and controller in one
 * process, every listener on 127.0.0.1, defaults close to an MSK cluster's (no topic
 * auto-creation, 8 MiB messages) and thread pools sized for a 2-core laptop.
 */
export function brokerProperties(spec: ClusterSpec, nodeId: number, dataDir: string): string {
  const replication = replicationFactorFor(spec.brokers);
  const minInsync = minInsyncReplicasFor(spec.brokers);
  const voters = nodeIds(spec)
    .map((id) => `${id}@${KAFKA_HOST}:${controllerPort(spec, id)}`)
    .join(',');
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters,
    listeners: `PLAINTEXT://${KAFKA_HOST}:${clientPort(spec, nodeId)},CONTROLLER://${KAFKA_HOST}:${controllerPort(spec, nodeId)}`,
    'advertised.listeners': `PLAINTEXT://${KAFKA_HOST}:${clientPort(spec, nodeId)}`,
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,
    'auto.create.topics.enable': false,
    'num.partitions': 3,
    'default.replication.factor': replication,
    'min.insync.replicas': minInsync,
    'offsets.topic.replication.factor': replication,
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': replication,
    'transaction.state.log.min.isr': minInsync,
    'share.coordinator.state.topic.replication.factor': replication,
    'share.coordinator.state.topic.min.isr': minInsync,
    'group.initial.rebalance.delay.ms': 0,
    'message.max.bytes': KAFKA_MAX_MESSAGE_BYTES,
    'replica.fetch.max.bytes': KAFKA_MAX_MESSAGE_BYTES,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'log.retention.hours': 168,
  };
  return Object.entries(properties)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join('\n')
    .concat('\n');
}

import { KAFKA_HOST, KAFKA_MAX_MESSAGE_BYTES, minInsyncReplicasFor, replicationFactorFor } from '../config';
import { clientPort, controllerPort, nodeIds, scramPort, type ClusterSpec } from './cluster-spec';

/**
 * With `--scram`, clients may also log in with SCRAM-SHA-512, as on MSK's SCRAM listener, but
 * without TLS; brokers and controllers keep talking PLAINTEXT among themselves. The broker side
 * holds no password: the users are in the cluster metadata, written when storage is formatted.
 */
const SCRAM_LISTENER_PROPERTIES = {
  'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
  'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
};

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
  const clientListeners = [`PLAINTEXT://${KAFKA_HOST}:${clientPort(spec, nodeId)}`];
  if (spec.scram) clientListeners.push(`SASL_PLAINTEXT://${KAFKA_HOST}:${scramPort(spec, nodeId)}`);
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters,
    listeners: [...clientListeners, `CONTROLLER://${KAFKA_HOST}:${controllerPort(spec, nodeId)}`].join(','),
    'advertised.listeners': clientListeners.join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${spec.scram ? ',SASL_PLAINTEXT:SASL_PLAINTEXT' : ''}`,
    ...(spec.scram && SCRAM_LISTENER_PROPERTIES),
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

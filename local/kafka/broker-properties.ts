import { KAFKA_HOST, KAFKA_MAX_MESSAGE_BYTES, minInsyncReplicasFor, replicationFactorFor } from '../config';
import type { ScramCredentials } from '../../shared/kafka-connection';
import { clientPort, controllerPort, mutualTlsPort, nodeIds, saslSslPort, scramPort, sslPort, type ClusterSpec } from './cluster-spec';
import type { TlsMaterial } from './tls-material';

const SCRAM_LOGIN = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/**
 * With `--scram`, clients may also log in with SCRAM-SHA-512, as on MSK's SCRAM listener, but
 * without TLS; brokers and controllers keep talking PLAINTEXT among themselves. The broker side
 * holds no password: the users are in the cluster metadata, written when storage is formatted.
 */
const SCRAM_LISTENER_PROPERTIES = {
  'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
  'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': SCRAM_LOGIN,
};

/**
 * With `--auth-listeners`: SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN on both SASL listeners (the
 * PLAIN user is the SCRAM one; its password is local-only, like the SCRAM one in local/config.ts),
 * and a PEM keystore and truststore of the CA made at startup for the TLS ones. MTLS is an SSL
 * listener that requires a client certificate signed by that CA.
 */
function authListenerProperties(user: ScramCredentials, tls: TlsMaterial): Record<string, string> {
  const plainLogin = `org.apache.kafka.common.security.plain.PlainLoginModule required user_${user.username}="${user.password}";`;
  const sasl = Object.fromEntries(
    ['sasl_plaintext', 'sasl_ssl'].flatMap((listener) => [
      [`listener.name.${listener}.scram-sha-256.sasl.jaas.config`, SCRAM_LOGIN],
      [`listener.name.${listener}.scram-sha-512.sasl.jaas.config`, SCRAM_LOGIN],
      [`listener.name.${listener}.plain.sasl.jaas.config`, plainLogin],
    ]),
  );
  return {
    'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512,PLAIN',
    ...sasl,
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': tls.brokerKeystorePath,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': tls.caPath,
    'listener.name.mtls.ssl.client.auth': 'required',
  };
}

/**
 * `server.properties` of one node of a Java-run cluster: KRaft, broker and controller in one
 * process, every listener on 127.0.0.1, defaults close to an MSK cluster's (no topic
 * auto-creation, 8 MiB messages) and thread pools sized for a 2-core laptop.
 */
export function brokerProperties(spec: ClusterSpec, nodeId: number, dataDir: string, tls?: TlsMaterial): string {
  if (spec.authListeners && (!tls || !spec.scram)) throw new Error('the auth listeners need the SCRAM user and the TLS material');
  const replication = replicationFactorFor(spec.brokers);
  const minInsync = minInsyncReplicasFor(spec.brokers);
  const voters = nodeIds(spec)
    .map((id) => `${id}@${KAFKA_HOST}:${controllerPort(spec, id)}`)
    .join(',');
  const clientListeners = [`PLAINTEXT://${KAFKA_HOST}:${clientPort(spec, nodeId)}`];
  if (spec.scram) clientListeners.push(`SASL_PLAINTEXT://${KAFKA_HOST}:${scramPort(spec, nodeId)}`);
  if (spec.authListeners) {
    clientListeners.push(`SASL_SSL://${KAFKA_HOST}:${saslSslPort(spec, nodeId)}`, `SSL://${KAFKA_HOST}:${sslPort(spec, nodeId)}`, `MTLS://${KAFKA_HOST}:${mutualTlsPort(spec, nodeId)}`);
  }
  const protocols = ['PLAINTEXT:PLAINTEXT', 'CONTROLLER:PLAINTEXT'];
  if (spec.scram) protocols.push('SASL_PLAINTEXT:SASL_PLAINTEXT');
  if (spec.authListeners) protocols.push('SASL_SSL:SASL_SSL', 'SSL:SSL', 'MTLS:SSL');
  const properties: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    'controller.quorum.voters': voters,
    listeners: [...clientListeners, `CONTROLLER://${KAFKA_HOST}:${controllerPort(spec, nodeId)}`].join(','),
    'advertised.listeners': clientListeners.join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': protocols.join(','),
    ...(spec.scram && (spec.authListeners ? authListenerProperties(spec.scram, tls!) : SCRAM_LISTENER_PROPERTIES)),
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

import { KAFKA_VERSION, LOCAL_SCRAM_USER } from '../config';
import { runLauncherCli } from '../launcher';
import { kafkaDown, kafkaStatus, kafkaUp, type KafkaCluster } from './cluster';

function describe(cluster: KafkaCluster): string {
  const pids = cluster.nodes.length ? `, pids ${cluster.nodes.map((node) => node.pid).join(' ')}` : '';
  const scram = cluster.scram
    ? `, SCRAM-SHA-512 at ${cluster.scram.bootstrapServers.join(',')} as ${cluster.scram.username} (password in local/config.ts)`
    : '';
  const auth = cluster.authListeners
    ? `, SASL_SSL (SCRAM-SHA-256/512, PLAIN) at ${cluster.authListeners.saslSsl.join(',')}, SSL at ${cluster.authListeners.ssl.join(',')}, mutual TLS at ${cluster.authListeners.mutualTls.join(',')} (CA ${cluster.authListeners.tls.caPath}, client certificate ${cluster.authListeners.tls.clientCertificatePath})`
    : '';
  return `Kafka ${cluster.kafkaVersion} (${cluster.runtime}, ${cluster.brokers} broker(s)) at ${cluster.bootstrapServers.join(',')}${scram}${auth}${pids}`;
}

runLauncherCli<KafkaCluster>({
  name: 'kafka',
  options: {
    config: { brokers: { type: 'string' }, scram: { type: 'boolean' }, 'auth-listeners': { type: 'boolean' }, 'kafka-version': { type: 'string' } },
    usage: ' [--brokers N] [--scram | --auth-listeners] [--kafka-version 4.x.y]',
  },
  describe,
  product: `Kafka ${process.env.KAFKA_VERSION || KAFKA_VERSION}`,
  nothingStarted: 'no cluster',
  async up(values, progress) {
    const brokers = values.brokers === undefined ? undefined : Number(values.brokers);
    const authListeners = values['auth-listeners'] === true;
    const scram = values.scram === true || authListeners;
    const kafkaVersion = values['kafka-version'];
    const { cluster, startedHere } = await kafkaUp({ brokers, progress, ...(typeof kafkaVersion === 'string' && { kafkaVersion }), ...(scram && { scram: LOCAL_SCRAM_USER }), ...(authListeners && { authListeners }) });
    return { state: cluster, startedHere };
  },
  down: (progress) => kafkaDown({ progress }),
  status: () => kafkaStatus(),
});

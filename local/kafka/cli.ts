import { KAFKA_VERSION, LOCAL_SCRAM_USER } from '../config';
import { runLauncherCli } from '../launcher';
import { kafkaDown, kafkaStatus, kafkaUp, type KafkaCluster } from './cluster';

function describe(cluster: KafkaCluster): string {
  const pids = cluster.nodes.length ? `, pids ${cluster.nodes.map((node) => node.pid).join(' ')}` : '';
  const scram = cluster.scram
    ? `, SCRAM-SHA-512 at ${cluster.scram.bootstrapServers.join(',')} as ${cluster.scram.username} (password in local/config.ts)`
    : '';
  return `Kafka ${cluster.kafkaVersion} (${cluster.runtime}, ${cluster.brokers} broker(s)) at ${cluster.bootstrapServers.join(',')}${scram}${pids}`;
}

runLauncherCli<KafkaCluster>({
  name: 'kafka',
  options: { config: { brokers: { type: 'string' }, scram: { type: 'boolean' } }, usage: ' [--brokers N] [--scram]' },
  describe,
  product: `Kafka ${KAFKA_VERSION}`,
  nothingStarted: 'no cluster',
  async up(values, progress) {
    const brokers = values.brokers === undefined ? undefined : Number(values.brokers);
    const { cluster, startedHere } = await kafkaUp({ brokers, progress, ...(values.scram && { scram: LOCAL_SCRAM_USER }) });
    return { state: cluster, startedHere };
  },
  down: (progress) => kafkaDown({ progress }),
  status: () => kafkaStatus(),
});

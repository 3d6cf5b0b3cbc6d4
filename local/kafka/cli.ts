import { parseArgs } from 'node:util';
import { KAFKA_VERSION } from '../config';
import { kafkaDown, kafkaStatus, kafkaUp, type KafkaCluster } from './cluster';
import { runCli } from '../cli-main';

const USAGE = 'usage: npm run kafka -- up|down|status [--brokers N]';

function progress(line: string): void {
  console.log(`[kafka] ${line}`);
}

function describe(cluster: KafkaCluster): string {
  const pids = cluster.nodes.length ? `, pids ${cluster.nodes.map((node) => node.pid).join(' ')}` : '';
  return `Kafka ${cluster.kafkaVersion} (${cluster.runtime}, ${cluster.brokers} broker(s)) at ${cluster.bootstrapServers.join(',')}${pids}`;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { brokers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const brokers = values.brokers === undefined ? undefined : Number(values.brokers);
  switch (command) {
    case 'up': {
      const started = Date.now();
      const { cluster, startedHere } = await kafkaUp({ brokers, progress });
      const took = ((Date.now() - started) / 1000).toFixed(1);
      progress(`${startedHere ? 'ready' : 'already running'}: ${describe(cluster)} (${took}s)`);
      return 0;
    }
    case 'down': {
      const stopped = await kafkaDown({ progress });
      progress(stopped ? `stopped ${describe(stopped)}` : 'nothing to stop: no cluster was started by `up`');
      return 0;
    }
    case 'status': {
      const cluster = kafkaStatus();
      progress(cluster ? `running: ${describe(cluster)}` : `not running (Kafka ${KAFKA_VERSION})`);
      return cluster ? 0 : 1;
    }
    default:
      console.error(`unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

runCli('kafka', main);

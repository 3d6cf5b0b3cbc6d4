import { parseArgs } from 'node:util';
import { KAFKA_VERSION, LOCAL_SCRAM_USER } from '../config';
import { kafkaDown, kafkaStatus, kafkaUp, type KafkaCluster } from './cluster';
import { runCli } from '../cli-main';

const USAGE = 'usage: npm run kafka -- up|down|status [--brokers N] [--scram]';

function progress(line: string): void {
  console.log(`[kafka] ${line}`);
}

function describe(cluster: KafkaCluster): string {
  const pids = cluster.nodes.length ? `, pids ${cluster.nodes.map((node) => node.pid).join(' ')}` : '';
  const scram = cluster.scram
    ? `, SCRAM-SHA-512 at ${cluster.scram.bootstrapServers.join(',')} as ${cluster.scram.username} (password in local/config.ts)`
    : '';
  return `Kafka ${cluster.kafkaVersion} (${cluster.runtime}, ${cluster.brokers} broker(s)) at ${cluster.bootstrapServers.join(',')}${scram}${pids}`;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { brokers: { type: 'string' }, scram: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
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
      const { cluster, startedHere } = await kafkaUp({ brokers, progress, ...(values.scram && { scram: LOCAL_SCRAM_USER }) });
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

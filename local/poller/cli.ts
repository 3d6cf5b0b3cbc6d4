import { parseArgs } from 'node:util';
import { BROKER_LIST_FORMAT, parseBrokerList } from '../../shared/kafka-connection';
import { AUTH_CHOICES, readAuthOverride } from './connection';
import { DEFAULT_BROKERS, DEFAULT_STATUS_PORT } from './service/cli-defaults';
import { jsonLinesLog } from './log';
import { runSettings } from './run-settings';
import { PLUGIN_NAME } from './plugin/options';
import { logForcedStop, logStopping, startPolling } from './service/polling';
import { loadServiceConfig } from './service/service-config';
import { DEFAULT_INSPECT_PORT, inspectPort } from './service/inspector';
import { hangUpWhenOrphaned, onShutdownSignals, runCli } from '../cli';

const USAGE = `usage: npm run poller -- [--config serverless.yml] [--stage S] [--function NAME] [--status-port 3004] [--lag-interval 30] [--retry-base-ms 500]
                      [--no-reload] [--inspect[=[127.0.0.1:]9229]]
                      [--brokers host:port,... | --msk-bootstrap] [--kafka-auth ${AUTH_CHOICES.join('|')}] [--kafka-auth-secret ARN]
       npm run poller -- status [--status-port 3004]
Brokers come from --brokers, else KAFKA_BROKERS (default ${DEFAULT_BROKERS}); with --kafka-auth other than none,
a kafka event's own bootstrapServers unless --brokers is given; --msk-bootstrap asks each msk event's cluster
(GetBootstrapBrokers). --kafka-auth event logs in as each event deploys it (secrets read from Secrets Manager with
your AWS credentials); none (the default) reaches the open local broker; a mechanism replaces the event's, its
username and password from --kafka-auth-secret or the event's secret. See "Against a remote cluster" in docs/remote-clusters.md.
A failed batch is retried after --retry-base-ms, doubling per attempt up to 30 s.
A function reloads when its source changes, unless --no-reload. --inspect opens the inspector on
127.0.0.1 (port ${DEFAULT_INSPECT_PORT} by default) to debug the functions, which run in its worker threads.`;

async function printStatus(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/status`).catch(() => undefined);
  if (!response) {
    console.error(`no poller answers on 127.0.0.1:${port} (start one with \`npm run poller\` or \`npm start\`)`);
    return 1;
  }
  console.log(await response.text());
  return response.ok ? 0 : 1;
}

/** `custom.serverless-offline-kafka.deadLetterTopics`, as the plugin reads it. */
function deadLetterTopicsOf(custom: Record<string, unknown> | undefined): string[] {
  const topics = (custom?.[PLUGIN_NAME] as { deadLetterTopics?: unknown } | undefined)?.deadLetterTopics;
  return Array.isArray(topics) ? topics.filter((topic): topic is string => typeof topic === 'string') : [];
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    // A bare --inspect, as Node's own, means the default port.
    args: process.argv.slice(2).map((arg) => (arg === '--inspect' ? `--inspect=${DEFAULT_INSPECT_PORT}` : arg)),
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'serverless.yml' },
      stage: { type: 'string' },
      function: { type: 'string' },
      'status-port': { type: 'string', default: String(DEFAULT_STATUS_PORT) },
      'lag-interval': { type: 'string', default: '30' },
      'retry-base-ms': { type: 'string' },
      'no-reload': { type: 'boolean', default: false },
      inspect: { type: 'string' },
      brokers: { type: 'string' },
      'msk-bootstrap': { type: 'boolean', default: false },
      'kafka-auth': { type: 'string' },
      'kafka-auth-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const statusPort = Number(values['status-port']);
  if (positionals[0] === 'status') return printStatus(statusPort);
  if (positionals.length > 0) {
    console.error(`unknown command '${positionals[0]}'\n${USAGE}`);
    return 2;
  }

  const retryBaseMs = values['retry-base-ms'] === undefined ? undefined : Number(values['retry-base-ms']);
  if (retryBaseMs !== undefined && !(Number.isInteger(retryBaseMs) && retryBaseMs > 0)) {
    console.error(`--retry-base-ms must be a whole number of milliseconds above 0, not '${values['retry-base-ms']}'`);
    return 2;
  }

  const lagIntervalSeconds = Number(values['lag-interval']);
  if (!(Number.isFinite(lagIntervalSeconds) && lagIntervalSeconds >= 0)) {
    console.error(`--lag-interval must be a number of seconds, 0 or more (0: no lag lines), not '${values['lag-interval']}'`);
    return 2;
  }

  let inspect: number | undefined;
  try {
    inspect = values.inspect === undefined ? undefined : inspectPort(values.inspect);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  const auth = readAuthOverride(values['kafka-auth'], values['kafka-auth-secret']);
  if ('problem' in auth) {
    console.error(`--${auth.field === 'auth' ? 'kafka-auth' : 'kafka-auth-secret'} ${auth.problem}`);
    return 2;
  }

  const brokersGiven = values.brokers ?? (process.env.KAFKA_BROKERS || DEFAULT_BROKERS);
  const brokers = parseBrokerList(brokersGiven);
  if (!brokers) {
    console.error(`${values.brokers === undefined ? 'KAFKA_BROKERS' : '--brokers'} must be ${BROKER_LIST_FORMAT}, not '${brokersGiven}'`);
    return 2;
  }

  const log = jsonLinesLog();
  const service = await loadServiceConfig(values.config!, values.stage);
  const polling = await startPolling({
    service,
    brokers,
    auth: auth.override,
    mskBootstrap: values['msk-bootstrap']!,
    // A kafka event names its cluster; --brokers on the command line still wins.
    brokersFromEvents: auth.override.choice !== 'none' && values.brokers === undefined,
    log,
    statusPort,
    lagIntervalSeconds,
    ...(values.function && { functionName: values.function }),
    run: runSettings({ retryBaseMs, reload: !values['no-reload'] }),
    ...(inspect !== undefined && { inspectPort: inspect }),
    deadLetterTopics: deadLetterTopicsOf(service.printed.custom),
  });

  return new Promise((resolve) => {
    onShutdownSignals({
      stop: (signal) => {
        logStopping(log, polling, signal);
        polling.stop().then(
          () => {
            log.info('stopped', {});
            resolve(0);
          },
          (error: Error) => {
            log.warn('stopped with an error', { error: error.message });
            resolve(1);
          },
        );
      },
      force: (signal) => {
        logForcedStop(log, signal);
        process.exit(130);
      },
    });
    hangUpWhenOrphaned();
  });
}

runCli('poller', main);

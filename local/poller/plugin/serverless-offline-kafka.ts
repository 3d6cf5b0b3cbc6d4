import path from 'node:path';
import { jsonLinesLog } from '../log';
import { runSettings } from '../run-settings';
import { InvalidParameterValueError } from '../errors';
import { checkRuntimes, DEFAULT_RUNTIME } from '../runtime/lambda-runtimes';
import { deployEventSourceMappings, type CloudFormationResources } from '../settings/cloudformation';
import type { ServerlessConfigLike } from '../settings/esm-settings';
import { logForcedStop, logStopping, startPolling, type Polling } from '../service/polling';
import { onShutdownSignals } from '../../cli';
import { serviceConfigFrom, ServiceConfigError, type PrintedService } from '../service/service-config';
import { PLUGIN_NAME, PluginOptionsError, readPluginOptions } from './options';

const EXIT_AFTER_FAILED_START_MS = 1_000;

/** The parts of the Serverless Framework's object this plugin uses. */
interface Serverless {
  service: PrintedService & { provider: { compiledCloudFormationTemplate?: { Resources: CloudFormationResources } } };
  serviceDir?: string;
  configurationFilename?: string;
  config: { serviceDir?: string; servicePath?: string };
  getProvider(name: 'aws'): { naming: { getLambdaLogicalId(functionName: string): string }; getStage(): string };
  classes?: { Error?: new (message: string) => Error };
}

interface PluginUtils {
  log?: { notice(message: string): void; warning(message: string): void };
}

/** A function on a runtime AWS no longer lets anyone create functions on. */
class BlockedRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedRuntimeError';
  }
}

/**
 * The Serverless Framework plugin. Listed after serverless-offline, it runs Lambda's Kafka event
 * source mapping for every function with an `msk` or `kafka` event while `serverless offline
 * start` runs, and stops it when offline stops. On `package` and `deploy` it writes
 * `custom.eventSourceMappings` into the generated mappings, checked by the same module the
 * poller reads them with.
 */
export class ServerlessOfflineKafka {
  readonly hooks: Record<string, () => Promise<void> | void>;
  private polling: Polling | undefined;
  private readonly log = jsonLinesLog();

  constructor(
    private readonly serverless: Serverless,
    _cliOptions: unknown,
    private readonly utils: PluginUtils = {},
  ) {
    this.hooks = {
      // serverless-offline's own init (and serverless-esbuild's build before it) has run by now.
      'offline:start:init': () => this.start(),
      // Just before offline's own `ready` listens for SIGINT and SIGTERM, so a signal during start-up still ends the process.
      'before:offline:start:ready': () => this.listenForSignals(),
      // Before offline's `end`, which exits the process as soon as its servers are down.
      'before:offline:start:end': () => this.stop(),
      // Before anything is bundled: a function AWS would refuse is refused here, as on deploy.
      'before:package:initialize': () => this.checkRuntimes(),
      'after:package:compileEvents': () => this.deploy(),
    };
  }

  private get serviceDir(): string {
    return this.serverless.serviceDir ?? this.serverless.config.serviceDir ?? this.serverless.config.servicePath ?? process.cwd();
  }

  private async start(): Promise<void> {
    const service = this.serverless.service;
    const custom = service.custom ?? {};
    const stage = this.serverless.getProvider('aws').getStage();
    const kafkaFunctions = Object.entries(service.functions ?? {})
      .filter(([, fn]) => (fn?.events ?? []).some((event) => event.msk || event.kafka))
      .map(([name]) => name);
    try {
      const options = readPluginOptions(custom[PLUGIN_NAME], { env: process.env, kafkaFunctions });
      if (!options.enabled) {
        this.utils.log?.notice(`${PLUGIN_NAME}: not polling (custom.${PLUGIN_NAME}.enabled is false)`);
        return;
      }
      // serverless-esbuild (and webpack) point serverless-offline at their build folder; the handlers are run from there too.
      const location = (custom['serverless-offline'] as { location?: unknown } | undefined)?.location;
      const config = serviceConfigFrom(
        { ...service, provider: { ...service.provider, stage } },
        {
          serviceDir: this.serviceDir,
          ...(typeof location === 'string' && { handlerDirs: [path.resolve(this.serviceDir, location)] }),
          configPath: path.join(this.serviceDir, this.serverless.configurationFilename ?? 'serverless.yml'),
          stage,
          accountId: options.accountId,
        },
      );
      this.polling = await startPolling({
        service: config,
        brokers: options.brokers,
        auth: options.auth,
        mskBootstrap: options.mskBootstrap,
        exclude: options.exclude,
        statusPort: options.statusPort,
        lagIntervalSeconds: options.lagIntervalSeconds,
        log: this.log,
        run: runSettings({ retryBaseMs: options.retryBaseMs, reload: options.reload }),
        ...(options.inspectPort !== undefined && { inspectPort: options.inspectPort }),
        deadLetterTopics: options.deadLetterTopics,
      });
    } catch (error) {
      // Offline's servers (and serverless-esbuild's watcher) are up by now and would keep the
      // process running under the error: it exits once the Framework has printed it.
      process.exitCode = 1;
      setTimeout(() => process.exit(1), EXIT_AFTER_FAILED_START_MS).unref();
      throw this.readable(error);
    }
    if (!this.polling) return;
    const { service: running, statusPort } = this.polling;
    const functions = [...new Set(running.mappings.map((mapping) => mapping.functionName))];
    this.utils.log?.notice(
      `${PLUGIN_NAME}: ${running.mappings.length} Kafka event source mapping(s) for ${functions.join(', ') || 'no function'}` +
        (statusPort ? `; console http://127.0.0.1:${statusPort}/, status /status, metrics /metrics` : ''),
    );
  }

  /**
   * serverless-offline stops on its first SIGINT or SIGTERM and ignores the rest (its listeners
   * stay); a closed terminal (SIGHUP) stops it the same way, pollers first; a later Ctrl-C forces.
   */
  private listenForSignals(): void {
    const polling = this.polling;
    if (!polling) return;
    onShutdownSignals({
      stop: (signal) => {
        logStopping(this.log, polling, signal);
        if (signal === 'SIGHUP') process.kill(process.pid, 'SIGTERM');
      },
      force: (signal) => {
        logForcedStop(this.log, signal);
        process.exit(130);
      },
    });
  }

  private async stop(): Promise<void> {
    const polling = this.polling;
    if (!polling) return;
    this.polling = undefined;
    await polling.stop();
    this.log.info('stopped', {});
  }

  private checkRuntimes(): void {
    const { service } = this.serverless;
    const functions = Object.entries(service.functions ?? {}).map(([name, fn]) => ({ name, runtime: fn?.runtime ?? service.provider.runtime ?? DEFAULT_RUNTIME }));
    const { refused, deprecated } = checkRuntimes(functions, new Date());
    for (const warning of deprecated) {
      if (this.utils.log) this.utils.log.warning(`${PLUGIN_NAME}: ${warning}`);
      else this.log.warn('deprecated runtime', { message: warning });
    }
    if (refused.length > 0) throw this.readable(new BlockedRuntimeError(refused.join('\n')));
  }

  private deploy(): void {
    const { service } = this.serverless;
    const resources = service.provider.compiledCloudFormationTemplate?.Resources;
    if (!resources) return;
    const naming = this.serverless.getProvider('aws').naming;
    try {
      deployEventSourceMappings(service as ServerlessConfigLike, resources, (functionName) => naming.getLambdaLogicalId(functionName));
    } catch (error) {
      throw this.readable(error);
    }
  }

  /** Configuration mistakes as the Framework shows its own (a message, no stack); anything else as it is. */
  private readable(error: unknown): unknown {
    const known =
      error instanceof PluginOptionsError || error instanceof ServiceConfigError || error instanceof InvalidParameterValueError || error instanceof BlockedRuntimeError;
    const ServerlessError = this.serverless.classes?.Error;
    return known && ServerlessError ? new ServerlessError((error as Error).message) : error;
  }
}

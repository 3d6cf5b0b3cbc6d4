import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCli } from '../cli';
import type { Progress } from './progress';

type Values = Record<string, string | boolean | undefined>;

/** One launcher's `npm run <name> -- up|down|status`: what it says, and how it does each command. */
export interface LauncherCli<S> {
  /** The npm script, also the `[name]` before every line. */
  name: string;
  /** Options of `up` beyond --help, and how the usage line shows them (" [--brokers N]"). */
  options?: { config: NonNullable<ParseArgsConfig['options']>; usage: string };
  /** One line about a running one: version, runtime, where it listens, its pids. */
  describe(state: S): string;
  /** Said by `status` when none runs: "not running (Kafka 4.2.2)". */
  product: string;
  /** Said by `down` when there is nothing to stop: "no cluster" was started by `up`. */
  nothingStarted: string;
  up(values: Values, progress: Progress): Promise<{ state: S; startedHere: boolean }>;
  down(progress: Progress): Promise<S | undefined>;
  status(): S | undefined;
}

/** Runs the command line: up, down or status, with progress lines and the exit code status scripts read. */
export function runLauncherCli<S>(cli: LauncherCli<S>): void {
  const usage = `usage: npm run ${cli.name} -- up|down|status${cli.options?.usage ?? ''}`;
  const progress: Progress = (line) => console.log(`[${cli.name}] ${line}`);

  async function main(): Promise<number> {
    const { positionals, values } = parseArgs({
      allowPositionals: true,
      options: { ...cli.options?.config, help: { type: 'boolean', short: 'h' } },
    });
    const [command] = positionals;
    if (values.help || !command) {
      console.log(usage);
      return command || values.help ? 0 : 2;
    }
    switch (command) {
      case 'up': {
        const started = Date.now();
        const { state, startedHere } = await cli.up(values as Values, progress);
        const took = ((Date.now() - started) / 1000).toFixed(1);
        progress(`${startedHere ? 'ready' : 'already running'}: ${cli.describe(state)} (${took}s)`);
        return 0;
      }
      case 'down': {
        const stopped = await cli.down(progress);
        progress(stopped ? `stopped ${cli.describe(stopped)}` : `nothing to stop: ${cli.nothingStarted} was started by \`up\``);
        return 0;
      }
      case 'status': {
        const state = cli.status();
        progress(state ? `running: ${cli.describe(state)}` : `not running (${cli.product})`);
        return state ? 0 : 1;
      }
      default:
        console.error(`unknown command '${command}'\n${usage}`);
        return 2;
    }
  }

  runCli(cli.name, main);
}

import { parseArgs } from 'node:util';
import { DYNAMODB_LOCAL_VERSION } from '../config';
import { dynamodbDown, dynamodbStatus, dynamodbUp, type DynamoDBInstance } from './instance';
import { runCli } from '../cli-main';

const USAGE = 'usage: npm run dynamodb -- up|down|status';

function progress(line: string): void {
  console.log(`[dynamodb] ${line}`);
}

function describe(instance: DynamoDBInstance): string {
  const pid = instance.server ? `, pid ${instance.server.pid}` : '';
  return `DynamoDB Local ${instance.version} (${instance.runtime}) at ${instance.endpoint}${pid}`;
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'up': {
      const started = Date.now();
      const { instance, startedHere } = await dynamodbUp({ progress });
      const took = ((Date.now() - started) / 1000).toFixed(1);
      progress(`${startedHere ? 'ready' : 'already running'}: ${describe(instance)} (${took}s)`);
      return 0;
    }
    case 'down': {
      const stopped = await dynamodbDown({ progress });
      progress(stopped ? `stopped ${describe(stopped)}` : 'nothing to stop: no DynamoDB Local was started by `up`');
      return 0;
    }
    case 'status': {
      const instance = dynamodbStatus();
      progress(instance ? `running: ${describe(instance)}` : `not running (DynamoDB Local ${DYNAMODB_LOCAL_VERSION})`);
      return instance ? 0 : 1;
    }
    default:
      console.error(`unknown command '${command}'\n${USAGE}`);
      return 2;
  }
}

runCli('dynamodb', main);

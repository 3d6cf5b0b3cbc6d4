import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../local/config';

/** On a machine with neither a Docker engine nor Java, `up` says what to install and exits 1. */
describe.each([
  { name: 'kafka', cli: 'local/kafka/cli.ts', external: 'KAFKA_BROKERS', java: 'Java 17+ and Apache Maven' },
  { name: 'dynamodb', cli: 'local/dynamodb/cli.ts', external: 'DYNAMODB_ENDPOINT', java: 'Java 17+ JDK and Apache Maven' },
])('npm run $name -- up without Docker or Java', ({ cli, external, java }) => {
  it('prints what to install and exits 1, leaving no state behind', () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'no-tools-'));
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-state-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: emptyPath, LOCAL_STATE_DIR: stateDir };
    delete env[external];

    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), cli, 'up'], {
      cwd: PROJECT_ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no Docker engine answers');
    expect(result.stderr).toContain(java);
    expect(result.stderr).toContain(external);
    expect(fs.readdirSync(stateDir)).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../local/config';

/** On a machine with neither a Docker engine nor Java, `up` says what to install and exits 1. */
describe('npm run dynamodb -- up without Docker or Java', () => {
  it('prints what to install and exits 1', () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'no-tools-'));
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-state-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: emptyPath, LOCAL_STATE_DIR: stateDir };
    delete env.DYNAMODB_ENDPOINT;

    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'local/dynamodb/cli.ts', 'up'], {
      cwd: PROJECT_ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no Docker engine answers');
    expect(result.stderr).toContain('Java 17+ JDK and Apache Maven');
    expect(result.stderr).toContain('DYNAMODB_ENDPOINT');
    expect(fs.readdirSync(stateDir)).toEqual([]);
  });
});

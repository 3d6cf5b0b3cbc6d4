import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../../local/config';
import { checkRuntimes, NODE_RUNTIME_DATES, runtimeStanding } from '../../../local/poller/runtime/lambda-runtimes';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * `serverless package` of a service with this plugin and these functions' runtimes. The
 * Framework's own schema allows only the runtimes it knows: `configValidationMode: warn` lets an
 * older one through to the plugin, as a service pinned to an older Framework would.
 */
function packageService(runtimes: Record<string, string | undefined>): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runtime-deprecation-'));
  dirs.push(dir);
  fs.symlinkSync(path.join(PROJECT_ROOT, 'local/poller'), path.join(dir, 'poller'));
  fs.writeFileSync(path.join(dir, 'handler.js'), "exports.handler = async () => 'ok';\n");
  const functions = Object.entries(runtimes)
    .map(([name, runtime]) => `  ${name}:\n    handler: handler.handler\n${runtime ? `    runtime: ${runtime}\n` : ''}`)
    .join('');
  fs.writeFileSync(
    path.join(dir, 'serverless.yml'),
    `service: runtimes\nframeworkVersion: '4'\nconfigValidationMode: warn\nprovider:\n  name: aws\n  region: eu-west-1\nfunctions:\n${functions}plugins:\n  - ./poller\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
  const result = spawnSync(process.execPath, [require.resolve('serverless/bin/serverless.js'), 'package', '--package', path.join(dir, 'out')], {
    cwd: dir,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("AWS's runtime deprecation table", () => {
  it.each([
    ['nodejs24.x', '2026-12-07', 'supported'],
    ['nodejs22.x', '2027-04-29', 'supported'],
    ['nodejs22.x', '2027-04-30', 'deprecated'],
    ['nodejs22.x', '2027-06-01', 'blocked'],
    ['nodejs20.x', '2026-12-07', 'deprecated'],
    ['nodejs20.x', '2027-02-01', 'blocked'],
    ['nodejs18.x', '2026-12-07', 'deprecated'],
    ['nodejs16.x', '2025-09-30', 'deprecated'],
    ['nodejs16.x', '2025-10-01', 'blocked'],
    ['python3.14', '2026-12-07', 'supported'],
  ])('puts %s on %s at %s', (runtime, day, standing) => {
    expect(runtimeStanding(runtime, new Date(`${day}T12:00:00Z`)).standing).toBe(standing);
  });

  it('names the function, its runtime and the dates', () => {
    const check = checkRuntimes(
      [
        { name: 'legacy', runtime: 'nodejs16.x' },
        { name: 'older', runtime: 'nodejs20.x' },
        { name: 'current', runtime: 'nodejs24.x' },
      ],
      new Date('2026-12-07T00:00:00Z'),
    );
    expect(check.refused).toEqual([
      'function legacy: Lambda refuses to create functions on nodejs16.x since 2025-10-01 (deprecated 2024-06-12, updates refused from 2025-11-01); set its runtime to nodejs24.x.',
    ]);
    expect(check.deprecated).toEqual([
      'function older: nodejs20.x is deprecated since 2026-04-30 (no more patches); Lambda refuses to create functions on it from 2027-02-01 and to update them from 2027-03-03. Move it to nodejs24.x.',
    ]);
  });
});

describe('serverless package', () => {
  it('refuses a function on a runtime whose block-create date has passed, naming it and the date, before building anything', () => {
    const { status, output } = packageService({ legacy: 'nodejs16.x', current: undefined });
    expect(status).not.toBe(0);
    expect(output).toContain('function legacy: Lambda refuses to create functions on nodejs16.x since 2025-10-01');
    expect(output).not.toMatch(/function current/);
  });

  it('packages a deprecated runtime AWS still accepts, with one warning naming its dates, and the default runtime with none', () => {
    const today = new Date();
    const deprecated = Object.keys(NODE_RUNTIME_DATES).find((runtime) => runtimeStanding(runtime, today).standing === 'deprecated');
    if (!deprecated) return; // No Node.js runtime is between deprecation and block today.
    const { status, output } = packageService({ older: deprecated, current: undefined });
    expect(status).toBe(0);
    const warnings = output.split('\n').filter((line) => line.includes('serverless-offline-kafka: function'));
    expect(warnings).toEqual([expect.stringContaining(`function older: ${deprecated} is deprecated since ${NODE_RUNTIME_DATES[deprecated]!.deprecation}`)]);
  });
});

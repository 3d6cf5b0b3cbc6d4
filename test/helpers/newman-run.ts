import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** What this project reads of a newman run's JSON report. */
interface NewmanReport {
  run: {
    stats: { assertions: { total: number; failed: number }; requests: { total: number; failed: number } };
    failures: { error: { message: string; test?: string }; source?: { name?: string } }[];
  };
}

export interface CollectionRun {
  requests: number;
  assertions: number;
  /** `<request>: <test>: <message>` per failed assertion or request. */
  failures: string[];
}

/**
 * Runs a Postman collection with newman's own CLI, as `npx newman run FILE` does, and sums up what
 * failed. In a process of its own: postman-runtime reads `fs.F_OK`, which Node 24 deprecates
 * (DEP0176), and that warning is newman's to fix, not this project's to print.
 */
export async function runCollection(collection: string): Promise<CollectionRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newman-'));
  const reportFile = path.join(dir, 'report.json');
  try {
    const newman = require.resolve('newman/bin/newman.js');
    const args = ['--disable-warning=DEP0176', newman, 'run', collection, '--reporters', 'json', '--reporter-json-export', reportFile, '--suppress-exit-code'];
    await promisify(execFile)(process.execPath, args, { timeout: 120_000 });
    const { stats, failures } = (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as NewmanReport).run;
    return {
      requests: stats.requests.total,
      assertions: stats.assertions.total,
      failures: failures.map(({ error: failure, source }) => `${source?.name ?? '?'}: ${failure.test ?? ''}: ${failure.message}`),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

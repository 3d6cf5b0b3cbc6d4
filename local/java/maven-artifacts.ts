import fs from 'node:fs';
import path from 'node:path';
import { run } from '../process';

const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const COMPLETE_MARKER = '.complete';

export class MavenFetchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MavenFetchError';
  }
}

/**
 * Copies the dependencies of `pomPath` into `targetDir` with Maven, once: a marker file records a
 * finished copy, so a fetch cut short is redone rather than trusted. Every artifact Maven
 * downloads is reported through `progress`.
 */
export async function fetchMavenDependencies(
  pomPath: string,
  targetDir: string,
  progress: (line: string) => void,
): Promise<string[]> {
  const marker = path.join(targetDir, COMPLETE_MARKER);
  if (!fs.existsSync(marker)) {
    fs.rmSync(targetDir, { recursive: true, force: true });
    fs.mkdirSync(targetDir, { recursive: true });
    let downloaded = 0;
    const result = await run(
      'mvn',
      ['-B', '-f', pomPath, `${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${targetDir}`],
      {
        onLine: (line) => {
          const match = /Downloaded from \S+: (\S+) \(([^)]*)\)/.exec(line);
          if (match?.[1]) {
            downloaded += 1;
            progress(`  [${downloaded}] ${path.basename(match[1])} (${match[2]?.split(' at ')[0]})`);
          }
        },
      },
    );
    if (result.code !== 0) {
      const errors = result.output.split('\n').filter((line) => line.includes('[ERROR]')).slice(0, 8);
      throw new MavenFetchError(
        `Maven could not fetch the dependencies of ${pomPath} (exit ${result.code}):\n${errors.join('\n')}`,
      );
    }
    fs.writeFileSync(marker, new Date().toISOString());
  }
  return fs
    .readdirSync(targetDir)
    .filter((name) => name.endsWith('.jar'))
    .map((name) => path.join(targetDir, name));
}

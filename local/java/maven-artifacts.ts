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
  /** Overrides of the POM's properties (`kafka.version`). */
  properties: Record<string, string> = {},
): Promise<string[]> {
  const overrides = Object.entries(properties).map(([name, value]) => `-D${name}=${value}`);
  await runMavenOnce(targetDir, ['-f', pomPath, ...overrides, `${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${targetDir}`], `the dependencies of ${pomPath}`, progress);
  return fs
    .readdirSync(targetDir)
    .filter((name) => name.endsWith('.jar'))
    .map((name) => path.join(targetDir, name));
}

/**
 * Unpacks one archive artifact (`group:artifact:version:type:classifier`, e.g. a distribution's
 * `tar.gz`) into `targetDir` with Maven, once, as `fetchMavenDependencies` copies jars.
 */
export async function unpackMavenArtifact(artifact: string, targetDir: string, progress: (line: string) => void, announce?: string): Promise<void> {
  await runMavenOnce(targetDir, [`${DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=${artifact}`, `-DoutputDirectory=${targetDir}`], artifact, progress, announce);
}

/** Runs Maven into a fresh `targetDir` unless a marker says a previous run finished there; reports each download. */
async function runMavenOnce(targetDir: string, goal: string[], what: string, progress: (line: string) => void, announce?: string): Promise<void> {
  const marker = path.join(targetDir, COMPLETE_MARKER);
  if (fs.existsSync(marker)) return;
  if (announce) progress(announce);
  fs.rmSync(targetDir, { recursive: true, force: true });
  fs.mkdirSync(targetDir, { recursive: true });
  let downloaded = 0;
  // In the target folder: without a project, the plugin writes its markers under a folder literally named `${project.basedir}` in the working directory.
  const result = await run('mvn', ['-B', ...goal], {
    cwd: targetDir,
    onLine: (line) => {
      const match = /Downloaded from \S+: (\S+) \(([^)]*)\)/.exec(line);
      if (match?.[1]) {
        downloaded += 1;
        progress(`  [${downloaded}] ${path.basename(match[1])} (${match[2]?.split(' at ')[0]})`);
      }
    },
  });
  if (result.code !== 0) {
    const errors = result.output.split('\n').filter((line) => line.includes('[ERROR]')).slice(0, 8);
    throw new MavenFetchError(`Maven could not fetch ${what} (exit ${result.code}):\n${errors.join('\n')}`);
  }
  fs.writeFileSync(marker, new Date().toISOString());
}

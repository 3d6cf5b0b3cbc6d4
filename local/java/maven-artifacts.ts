import { randomUUID } from 'node:crypto';
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
  await runMavenOnce(targetDir, (outputDir) => ['-f', pomPath, ...overrides, `${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${outputDir}`], `the dependencies of ${pomPath}`, progress);
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
  await runMavenOnce(targetDir, (outputDir) => [`${DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=${artifact}`, `-DoutputDirectory=${outputDir}`], artifact, progress, announce);
}

/**
 * Runs Maven into a fresh folder of its own beside `targetDir` and renames it into place once a
 * marker says it is complete, unless a marker says a previous run finished there; reports each
 * download. Two runs at once (two launchers, two test runs) each fetch into their own folder: the
 * first to finish puts its copy in place, the other drops its own, and no reader sees half a copy.
 */
async function runMavenOnce(targetDir: string, goal: (outputDir: string) => string[], what: string, progress: (line: string) => void, announce?: string): Promise<void> {
  const marker = path.join(targetDir, COMPLETE_MARKER);
  if (fs.existsSync(marker)) return;
  if (announce) progress(announce);
  fs.mkdirSync(path.dirname(targetDir), { recursive: true });
  const partial = fs.mkdtempSync(`${targetDir}.partial-`);
  try {
    let downloaded = 0;
    // In the folder it fills: without a project, the plugin writes its markers under a folder literally named `${project.basedir}` in the working directory.
    const result = await run('mvn', ['-B', ...goal(partial)], {
      cwd: partial,
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
    fs.writeFileSync(path.join(partial, COMPLETE_MARKER), new Date().toISOString());
    putInPlace(partial, targetDir);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
}

/** Renames the complete `partial` to `targetDir`; a copy some other run finished first stays, an unfinished one is moved aside first. */
function putInPlace(partial: string, targetDir: string): void {
  if (fs.existsSync(path.join(targetDir, COMPLETE_MARKER))) return;
  if (fs.existsSync(targetDir)) {
    // A copy cut short (by an older version, or a kill): renamed aside first, so no one reads it while it is removed.
    const aside = `${targetDir}.stale-${randomUUID()}`;
    fs.renameSync(targetDir, aside);
    fs.rmSync(aside, { recursive: true, force: true });
  }
  try {
    fs.renameSync(partial, targetDir);
  } catch (error) {
    // Another run put its complete copy in place in between: it stays.
    if (!fs.existsSync(path.join(targetDir, COMPLETE_MARKER))) throw error;
  }
}

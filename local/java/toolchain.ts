import { spawnSync } from 'node:child_process';

/** The major version of the `java` on PATH (17 for "17.0.15"), or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr ?? '');
  if (!match) return undefined;
  const major = Number(match[1]);
  // Java 8 and older report "1.8.0_x".
  return major === 1 ? Number(match[2]) : major;
}

export function mavenAvailable(): boolean {
  const result = spawnSync('mvn', ['--version'], { stdio: 'ignore', timeout: 30_000 });
  return !result.error && result.status === 0;
}

export const MINIMUM_JAVA = 17;

/** Why the Java path cannot run here, or undefined when it can. */
export function javaToolchainProblem(): string | undefined {
  const java = javaMajorVersion();
  if (java === undefined) return 'no `java` on PATH';
  if (java < MINIMUM_JAVA) return `java ${java} is on PATH, ${MINIMUM_JAVA} or newer is needed`;
  if (!mavenAvailable()) return 'no `mvn` (Apache Maven) on PATH';
  return undefined;
}

import path from 'node:path';
import { LOCAL_STATE_DIR } from '../../../local/config';
import { fetchMavenDependencies } from '../../../local/java/maven-artifacts';
import { runJavaSource } from '../java-source-run';

/** Kafka's Java client of the java-producer helper (same POM, same cached jars). */
const POM = path.join(__dirname, '../java-producer/pom.xml');
const SOURCE = path.join(__dirname, 'ShareCheck.java');

export interface ShareCheck {
  /** The finalized `share.version` feature: 1 or more where share groups are on. */
  shareVersion: number;
  /** What the share consumer received, or undefined. */
  received: string | undefined;
}

/** Runs ShareCheck.java against `bootstrapServers` with the Kafka Java client of `kafkaVersion`. */
export async function checkShareGroups(bootstrapServers: string[], topic: string, group: string, kafkaVersion: string): Promise<ShareCheck> {
  const libs = path.join(LOCAL_STATE_DIR, 'cache', `java-producer-${kafkaVersion}`, 'libs');
  await fetchMavenDependencies(POM, libs, (line) => process.stderr.write(`${line}\n`), { 'kafka.version': kafkaVersion });
  const output = await runJavaSource({
    source: SOURCE,
    classpath: `${libs}${path.sep}*`,
    input: '',
    timeoutMs: 90_000,
    what: 'the Java share consumer',
    args: [bootstrapServers.join(','), topic, group],
  });
  return {
    shareVersion: Number(/share\.version=(\d+)/.exec(output)?.[1] ?? 0),
    received: /received=(\S+)/.exec(output)?.[1],
  };
}

import path from 'node:path';
import { KAFKA_VERSION, LOCAL_STATE_DIR } from '../../../local/config';
import { fetchMavenDependencies } from '../../../local/java/maven-artifacts';
import { runJavaSource } from '../java-source-run';

const LIBS_DIR = path.join(LOCAL_STATE_DIR, 'cache', `java-producer-${KAFKA_VERSION}`, 'libs');

/**
 * Sets configs of a share group before it exists (`share.auto.offset.reset`,
 * `share.record.lock.duration.ms`, ...) with Kafka's own Admin client, as an operator would with
 * kafka-configs: kafkajs has no IncrementalAlterConfigs.
 */
export async function setShareGroupConfig(brokers: string[], groupId: string, configs: Record<string, string | number>): Promise<void> {
  await fetchMavenDependencies(path.join(__dirname, '..', 'java-producer', 'pom.xml'), LIBS_DIR, (line) => process.stderr.write(`${line}\n`));
  await runJavaSource({
    source: path.join(__dirname, 'ShareGroupConfig.java'),
    classpath: `${LIBS_DIR}${path.sep}*`,
    input: '',
    timeoutMs: 90_000,
    what: 'the share group config writer',
    args: [brokers.join(','), groupId, ...Object.entries(configs).map(([name, value]) => `${name}=${value}`)],
  });
}

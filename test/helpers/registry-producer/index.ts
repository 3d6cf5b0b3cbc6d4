import path from 'node:path';
import { LOCAL_STATE_DIR, SCHEMA_REGISTRY_VERSION } from '../../../local/config';
import { fetchMavenDependencies } from '../../../local/java/maven-artifacts';
import { javaToolchainProblem } from '../../../local/java/toolchain';
import type { WriteAck } from '../java-producer';
import { runJavaSource } from '../java-source-run';

const POM = path.join(__dirname, 'pom.xml');
const SOURCE = path.join(__dirname, 'AvroRegistryWriter.java');
const LIBS_DIR = path.join(LOCAL_STATE_DIR, 'cache', `java-registry-writer-${SCHEMA_REGISTRY_VERSION}`, 'libs');
const TIMEOUT_MS = 90_000;

export interface AvroWriteSpec {
  bootstrapServers: string[];
  topic: string;
  /** The Confluent-compatible URL (`.../apis/ccompat/v7`); the serializer is given the registry's own API beside it. */
  registryUrl: string;
  /** The Avro schema, as JSON text. */
  schema: string;
  records: { partition: number; key: string; value: unknown }[];
}

let fetched: Promise<string[]> | undefined;

/**
 * Writes Avro records as a Java service does through a schema registry: Kafka's producer with
 * Apicurio's AvroKafkaSerializer, which registers the schema as `<topic>-value` and frames each
 * value in Confluent's wire format. One JVM per call.
 */
export async function writeAvroThroughRegistry(spec: AvroWriteSpec): Promise<WriteAck[]> {
  const problem = javaToolchainProblem();
  if (problem) throw new Error(`Apicurio's Avro serializer cannot run: ${problem}. Install Java 17+ and Apache Maven.`);
  fetched ??= fetchMavenDependencies(POM, LIBS_DIR, (line) => process.stderr.write(`${line}\n`)).catch((error: unknown) => {
    fetched = undefined;
    throw error;
  });
  await fetched;
  const input = JSON.stringify({ ...spec, bootstrapServers: spec.bootstrapServers.join(','), registryUrl: spec.registryUrl.replace(/\/apis\/ccompat\/v7\/?$/, '/apis/registry/v2') });
  const stdout = await runJavaSource({ source: SOURCE, classpath: `${LIBS_DIR}${path.sep}*`, input, timeoutMs: TIMEOUT_MS, what: 'the Avro registry writer' });
  return stdout.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as WriteAck);
}

import path from 'node:path';
import { KAFKA_VERSION, LOCAL_STATE_DIR } from '../../../local/config';
import { fetchMavenDependencies } from '../../../local/java/maven-artifacts';
import { javaToolchainProblem } from '../../../local/java/toolchain';
import { runJavaSource } from '../java-source-run';

const POM = path.join(__dirname, 'pom.xml');
const SOURCE = path.join(__dirname, 'RecordWriter.java');
const LIBS_DIR = path.join(LOCAL_STATE_DIR, 'cache', `java-producer-${KAFKA_VERSION}`, 'libs');
/** Above the producer's own 60 s `max.block.ms`, so its error, not ours, says what it waited for. */
const DEFAULT_TIMEOUT_MS = 90_000;

/** One record to send. `null` is Kafka's null: no key, a tombstone, a header without a value. */
export interface RecordToWrite {
  type: 'send';
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  /** Epoch ms; the producer's clock when left out. */
  timestamp?: number;
  /** In record order; a name may repeat. */
  headers?: [name: string, value: Buffer | null][];
}

/**
 * `flush` sends what is buffered; the others drive the transaction of a `transactional.id`
 * producer. Flush before `abort` to put the aborted records in the log: records still buffered
 * at an abort fail (TransactionAbortedException), and so does the run.
 */
export type WriterStep = RecordToWrite | { type: 'flush' | 'begin' | 'commit' | 'abort' };

export interface JavaWriteSpec {
  bootstrapServers: string[];
  topic: string;
  /** Producer configs as Kafka names them (`compression.type`, `transactional.id`, `linger.ms`, ...). */
  properties?: Record<string, string | number | boolean>;
  steps: WriterStep[];
  timeoutMs?: number;
}

/** Where the broker stored one record, in the order the spec sent them. */
export interface WriteAck {
  partition: number;
  offset: number;
  /** The record's timestamp as the broker reports it (the broker's clock on a LogAppendTime topic). */
  timestamp: number;
}

let fetchedClasspath: Promise<string> | undefined;

async function writerClasspath(): Promise<string> {
  const problem = javaToolchainProblem();
  if (problem) {
    throw new Error(
      `Kafka's Java client cannot run: ${problem}. Install Java 17+ and Apache Maven ` +
        '(e.g. `apt-get install openjdk-17-jdk-headless maven`, `brew install openjdk@17 maven`); ' +
        `the jars come from Maven Central on first use, into ${LIBS_DIR}.`,
    );
  }
  let announced = false;
  await fetchMavenDependencies(POM, LIBS_DIR, (line) => {
    if (!announced) process.stderr.write(`Kafka Java client ${KAFKA_VERSION}: fetching its jars with Maven into ${LIBS_DIR}\n`);
    announced = true;
    process.stderr.write(`${line}\n`);
  });
  return `${LIBS_DIR}${path.sep}*`;
}

function specJson({ bootstrapServers, topic, properties = {}, steps }: JavaWriteSpec): string {
  const base64 = (bytes: Buffer | null): string | null => bytes?.toString('base64') ?? null;
  return JSON.stringify({
    bootstrapServers: bootstrapServers.join(','),
    topic,
    properties,
    steps: steps.map((step) =>
      step.type === 'send'
        ? { ...step, key: base64(step.key), value: base64(step.value), headers: (step.headers ?? []).map(([name, value]) => [name, base64(value)]) }
        : step,
    ),
  });
}

/**
 * Writes records with Kafka's own Java producer (`kafka-clients`, the broker's version), run as
 * a real service would, and returns where each record landed. The jars are fetched with Maven on
 * first use; each call starts a JVM.
 */
export async function writeWithJavaClient(spec: JavaWriteSpec): Promise<WriteAck[]> {
  fetchedClasspath ??= writerClasspath().catch((error: unknown) => {
    fetchedClasspath = undefined;
    throw error;
  });
  const stdout = await runJavaSource({ source: SOURCE, classpath: await fetchedClasspath, input: specJson(spec), timeoutMs: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS, what: 'the Java record writer' });
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as WriteAck);
}

import path from 'node:path';
import { KAFKA_VERSION, LOCAL_STATE_DIR } from '../local/config';
import { fetchMavenDependencies } from '../local/java/maven-artifacts';
import { runBounded } from './child-process';

/**
 * Kafka's own performance tools, from the Maven artifact `org.apache.kafka:kafka-tools`: the
 * JVM clients' figures on the same broker and data are the practical ceiling of the bench.
 */

const POM = path.join(__dirname, 'pom.xml');
const LOG4J_CONFIG = path.join(__dirname, 'log4j2.properties');
const LIBS_DIR = path.join(LOCAL_STATE_DIR, 'cache', `kafka-tools-${KAFKA_VERSION}`, 'libs');
const JVM_OPTIONS = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-Djava.awt.headless=true', `-Dlog4j2.configurationFile=${LOG4J_CONFIG}`];
const TOOL_TIMEOUT_MS = 180_000;

/** Fetches the tools' jars with Maven on first use (into the gitignored .local/cache) and returns their classpath. */
export async function javaToolsClasspath(progress: (line: string) => void): Promise<string> {
  progress(`Kafka tools ${KAFKA_VERSION}: jars under ${LIBS_DIR} (fetched with Maven on first use)`);
  await fetchMavenDependencies(POM, LIBS_DIR, progress);
  return `${LIBS_DIR}${path.sep}*`;
}

async function runTool(classpath: string, mainClass: string, args: string[]): Promise<string> {
  const result = await runBounded('java', [...JVM_OPTIONS, '-cp', classpath, mainClass, ...args], TOOL_TIMEOUT_MS);
  if (result.code !== 0) throw new Error(`${mainClass} failed (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-3_000)}`);
  return result.stdout;
}

/** ConsumerPerformance's result row, by column name (`fetch.nMsg.sec`, `rebalance.time.ms`, ...). */
export function parseConsumerPerformance(output: string): Record<string, number> {
  const lines = output.split('\n').map((line) => line.trim());
  const headerIndex = lines.findIndex((line) => line.includes('fetch.nMsg.sec'));
  const values = lines[headerIndex + 1];
  if (headerIndex === -1 || !values) throw new Error(`ConsumerPerformance printed no result:\n${output}`);
  const names = lines[headerIndex]!.split(',').map((name) => name.trim());
  const cells = values.split(',').map((cell) => Number(cell.trim()));
  return Object.fromEntries(names.map((name, index) => [name, cells[index]!]));
}

/**
 * Records per second of ConsumerPerformance reading `messages` records from the beginning,
 * excluding the group join (its `fetch.nMsg.sec`), as the Node consumers are timed.
 */
export async function javaConsumerRate(classpath: string, options: { brokers: string[]; topic: string; group: string; messages: number }): Promise<number> {
  const output = await runTool(classpath, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server', options.brokers.join(','),
    '--topic', options.topic,
    '--group', options.group,
    '--messages', String(options.messages),
    '--timeout', '30000',
  ]);
  const result = parseConsumerPerformance(output);
  if (result['data.consumed.in.nMsg']! < options.messages) throw new Error(`ConsumerPerformance read ${result['data.consumed.in.nMsg']} of ${options.messages} records`);
  return result['fetch.nMsg.sec']!;
}

export interface ProducerRate {
  recordsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** ProducerPerformance's summary line: "N records sent, R records/sec (…), … 5 ms 50th, … 12 ms 99th, …". */
export function parseProducerPerformance(output: string): ProducerRate {
  const summary = output.split('\n').findLast((line) => / records sent, .* records\/sec/.test(line));
  const rate = summary && /records sent, ([\d.]+) records\/sec/.exec(summary)?.[1];
  const p50 = summary && /(\d+) ms 50th/.exec(summary)?.[1];
  const p99 = summary && /(\d+) ms 99th/.exec(summary)?.[1];
  if (!rate || !p50 || !p99) throw new Error(`ProducerPerformance printed no summary:\n${output}`);
  return { recordsPerSecond: Number(rate), p50Ms: Number(p50), p99Ms: Number(p99) };
}

export interface JavaProducerOptions {
  brokers: string[];
  topic: string;
  records: number;
  /** Random records of this many bytes, or values drawn from the lines of `payloadFile`. */
  recordsFrom: { recordBytes: number } | { payloadFile: string };
  /** More producer properties, e.g. `compression.type=lz4`. */
  producerProps?: string[];
}

/** ProducerPerformance at full speed with `acks=all`. */
export async function javaProducerRate(classpath: string, options: JavaProducerOptions): Promise<ProducerRate> {
  const source = 'payloadFile' in options.recordsFrom ? ['--payload-file', options.recordsFrom.payloadFile] : ['--record-size', String(options.recordsFrom.recordBytes)];
  const output = await runTool(classpath, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic', options.topic,
    '--num-records', String(options.records),
    ...source,
    '--throughput', '-1',
    '--producer-props', `bootstrap.servers=${options.brokers.join(',')}`, 'acks=all', ...(options.producerProps ?? []),
  ]);
  return parseProducerPerformance(output);
}

/**
 * Records the share-group requests Kafka's own KafkaShareConsumer sends, and the broker's replies,
 * into test/fixtures/share-group/*.json, for the unit tests of local/poller/share-group.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 node --import tsx test/helpers/share-recorder/record.ts
 *
 * A TCP proxy on 127.0.0.1 stands in front of one broker; it rewrites the broker's own address in
 * its replies (Metadata, FindCoordinator, ShareFetch node endpoints) to the proxy's, so every
 * connection of the client runs through it, and keeps each frame of API keys 76..79 with its reply.
 * ShareRecorder.java runs against the proxy: join, fetch three records, ACCEPT one, RELEASE one,
 * REJECT one (commitSync), describe the group, leave.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { KAFKA_VERSION, LOCAL_STATE_DIR } from '../../../local/config';
import { fetchMavenDependencies } from '../../../local/java/maven-artifacts';
import { runJavaSource } from '../java-source-run';

const SHARE_API_KEYS = new Set([76, 77, 78, 79]);
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'share-group');

interface Frame {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  request: string;
  response?: string;
}

/** Splits a TCP stream into Kafka frames (4-byte size, then the frame). */
function framer(onFrame: (frame: Buffer) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      const size = pending.readInt32BE(0);
      onFrame(pending.subarray(0, 4 + size));
      pending = pending.subarray(4 + size);
    }
  };
}

function rewriteAddress(frame: Buffer, host: string, from: number, to: number): Buffer {
  const needle = Buffer.concat([Buffer.from(host), Buffer.from([(from >> 24) & 255, (from >> 16) & 255, (from >> 8) & 255, from & 255])]);
  const out = Buffer.from(frame);
  for (let at = out.indexOf(needle); at >= 0; at = out.indexOf(needle, at + 1)) out.writeInt32BE(to, at + host.length);
  return out;
}

async function main(): Promise<void> {
  const [host, portText] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',')[0]!.split(':');
  const brokerPort = Number(portText);
  const frames: Frame[] = [];
  const server = net.createServer((client) => {
    const broker = net.connect(brokerPort, host);
    const waiting = new Map<number, Frame>();
    client.on('data', framer((frame) => {
      const apiKey = frame.readInt16BE(4);
      const correlationId = frame.readInt32BE(8);
      if (SHARE_API_KEYS.has(apiKey)) {
        const entry = { apiKey, apiVersion: frame.readInt16BE(6), correlationId, request: frame.toString('base64') };
        frames.push(entry);
        waiting.set(correlationId, entry);
      }
      broker.write(frame);
    }));
    broker.on('data', framer((frame) => {
      const entry = waiting.get(frame.readInt32BE(4));
      if (entry) entry.response = frame.toString('base64');
      client.write(rewriteAddress(frame, host!, brokerPort, (server.address() as AddressInfo).port));
    }));
    client.on('error', () => broker.destroy());
    broker.on('error', () => client.destroy());
    client.on('close', () => broker.end());
    broker.on('close', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const proxy = `${host}:${(server.address() as AddressInfo).port}`;
  const libs = path.join(LOCAL_STATE_DIR, 'cache', `java-producer-${KAFKA_VERSION}`, 'libs');
  await fetchMavenDependencies(path.join(__dirname, '..', 'java-producer', 'pom.xml'), libs, (line) => process.stderr.write(`${line}\n`));
  const suffix = randomUUID().slice(0, 8);
  try {
    const state = await runJavaSource({
      source: path.join(__dirname, 'ShareRecorder.java'),
      classpath: `${libs}${path.sep}*`,
      input: '',
      timeoutMs: 180_000,
      what: 'the share-group recorder',
      args: [proxy, `share-recorded-${suffix}`, `share-recorded-${suffix}`],
    });
    process.stderr.write(`group state at describe: ${state.trim()}\n`);
  } finally {
    server.close();
  }
  fs.mkdirSync(FIXTURES, { recursive: true });
  const names: Record<number, string> = { 76: 'share-group-heartbeat', 77: 'share-group-describe', 78: 'share-fetch', 79: 'share-acknowledge' };
  for (const [apiKey, name] of Object.entries(names)) {
    const kept = frames.filter((frame) => frame.apiKey === Number(apiKey) && frame.response);
    fs.writeFileSync(path.join(FIXTURES, `${name}.json`), `${JSON.stringify({ recordedWith: `kafka-clients ${KAFKA_VERSION} KafkaShareConsumer against Kafka ${KAFKA_VERSION}`, frames: kept }, null, 2)}\n`);
    process.stderr.write(`${name}: ${kept.length} frames\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});

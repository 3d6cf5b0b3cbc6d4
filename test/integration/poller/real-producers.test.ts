import type { KafkaEvent, KafkaEventRecord } from '../../../shared/kafka-event';
import { endOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { writeWithJavaClient, type RecordToWrite, type WriteAck } from '../../helpers/java-producer';
import { testBrokers, uniqueName } from '../../helpers/kafka';
import { PollerService, TEST_CLUSTER_ARN } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

/**
 * Header bytes as Lambda delivers them: Java's signed bytes, -128..127, so `ë` arrives as
 * [-61, -85] (events recorded from real MSK mappings: powertools-lambda-python issue 6862,
 * dd-trace-java issue 4794; see esm-semantics.md).
 */
const signedBytes = (bytes: Buffer): number[] => [...new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)];

function send(partition: number, key: Buffer | string | null, value: Buffer | string | null, timestamp: number, headers: RecordToWrite['headers'] = []): RecordToWrite {
  const bytes = (data: Buffer | string | null): Buffer | null => (typeof data === 'string' ? Buffer.from(data) : data);
  return { type: 'send', partition, key: bytes(key), value: bytes(value), timestamp, headers };
}

/** The event record Lambda makes of `written`, stored where `ack` says. */
function expectedRecord(topic: string, written: RecordToWrite, ack: WriteAck): KafkaEventRecord {
  return {
    topic,
    partition: ack.partition,
    offset: ack.offset,
    timestamp: written.timestamp!,
    timestampType: 'CREATE_TIME',
    ...(written.key === null ? {} : { key: written.key.toString('base64') }),
    ...(written.value === null ? {} : { value: written.value.toString('base64') }),
    // A real MSK event carries a null header value as an empty object (seen in Nike-Inc/hal#144).
    headers: (written.headers ?? []).map(([name, value]) => (value === null ? {} : { [name]: signedBytes(value) })),
  };
}

function mskEvent(records: Record<string, KafkaEventRecord[]>): KafkaEvent {
  return { eventSource: 'aws:kafka', eventSourceArn: TEST_CLUSTER_ARN, bootstrapServers: testBrokers().join(','), records };
}

describe('poller: records written by Kafka’s Java client arrive as Lambda delivers them', () => {
  const broker = usePollerTestBroker();

  async function deliveredEvents(topic: string): Promise<KafkaEvent[]> {
    const service = new PollerService({ topic });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    return service.deliveries().map(({ event }) => event);
  }

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('decodes a batch of several records compressed with %s', async (codec) => {
    const topic = await broker.topic(`java-${codec}`, 1);
    const created = Date.now() - 60_000;
    const records = Array.from({ length: 5 }, (_, index) =>
      send(0, `key-${index}`, JSON.stringify({ index, text: 'compressible text '.repeat(20) }), created + index, [['codec', Buffer.from(codec)]]),
    );

    // A long linger keeps every record in the accumulator until the final flush: one batch, compressed
    // once. The topic keeps the producer's codec (the broker's compression.type=producer).
    const acks = await writeWithJavaClient({ bootstrapServers: testBrokers(), topic, properties: { 'compression.type': codec, 'linger.ms': 5_000 }, steps: records });

    expect(await deliveredEvents(topic)).toStrictEqual([mskEvent({ [`${topic}-0`]: records.map((record, index) => expectedRecord(topic, record, acks[index]!)) })]);
  });

  it('delivers committed transactions and plain records in order, never aborted records, and commits past the last marker', async () => {
    const topic = await broker.topic('java-transactions', 1);
    const transactional = { 'transactional.id': uniqueName('java-writer') };
    const created = Date.now() - 60_000;
    const firstCommitted = [send(0, 'c1', 'committed 1', created), send(0, 'c2', 'committed 2', created + 1)];
    const aborted = [send(0, 'a1', 'aborted 1', created + 2), send(0, 'a2', 'aborted 2', created + 3)];
    const plain = [send(0, 'p1', 'plain 1', created + 4), send(0, 'p2', 'plain 2', created + 5)];
    const lastCommitted = [send(0, 'c3', 'committed 3', created + 6)];

    const transactionAcks = await writeWithJavaClient({
      bootstrapServers: testBrokers(),
      topic,
      properties: transactional,
      // The flush puts the aborted records in the log before the abort, so the consumer has to skip them.
      steps: [{ type: 'begin' }, ...firstCommitted, { type: 'commit' }, { type: 'begin' }, ...aborted, { type: 'flush' }, { type: 'abort' }],
    });
    const plainAcks = await writeWithJavaClient({ bootstrapServers: testBrokers(), topic, steps: plain });
    const lastAcks = await writeWithJavaClient({ bootstrapServers: testBrokers(), topic, properties: transactional, steps: [{ type: 'begin' }, ...lastCommitted, { type: 'commit' }] });

    const service = new PollerService({ topic });
    await service.start();
    const committed = await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const [firstAcks, abortedAcks] = [transactionAcks.slice(0, 2), transactionAcks.slice(2)];
    const expected = [
      ...firstCommitted.map((record, index) => expectedRecord(topic, record, firstAcks[index]!)),
      ...plain.map((record, index) => expectedRecord(topic, record, plainAcks[index]!)),
      expectedRecord(topic, lastCommitted[0]!, lastAcks[0]!),
    ];
    const events = service.deliveries().map(({ event }) => event);
    expect(events).toStrictEqual([mskEvent({ [`${topic}-0`]: expected })]);
    const deliveredOffsets = events.flatMap((event) => Object.values(event.records).flat().map(({ offset }) => offset));
    for (const { offset } of abortedAcks) expect(deliveredOffsets).not.toContain(offset);
    // The commit marker after the last record takes an offset too: lag 0 means committing past it.
    expect(committed[0]).toBe(lastAcks[0]!.offset + 2);
    expect(await endOffsets(broker.admin, topic)).toStrictEqual(committed);
  });

  it('commits past an aborted transaction that a fetch finds alone, after everything else was processed', async () => {
    const topic = await broker.topic('java-abort-last', 1);
    const created = Date.now() - 60_000;
    const plain = send(0, 'p1', 'plain 1', created);
    const [plainAck] = await writeWithJavaClient({ bootstrapServers: testBrokers(), topic, steps: [plain] });
    const service = new PollerService({ topic });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    // kafkajs hands such a fetch (aborted records and their marker only) to no eachBatch at all.
    const aborted = [send(0, 'a1', 'aborted 1', created + 1), send(0, 'a2', 'aborted 2', created + 2)];
    const properties = { 'transactional.id': uniqueName('java-writer') };
    await writeWithJavaClient({ bootstrapServers: testBrokers(), topic, properties, steps: [{ type: 'begin' }, ...aborted, { type: 'flush' }, { type: 'abort' }] });
    const committed = await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(committed).toStrictEqual([plainAck!.offset + 4]);
    expect(service.deliveries().map(({ event }) => event)).toStrictEqual([mskEvent({ [`${topic}-0`]: [expectedRecord(topic, plain, plainAck!)] })]);
  });

  it('delivers repeated, binary, non-ASCII and null headers as signed bytes, binary and null keys, empty values and tombstones', async () => {
    const topic = await broker.topic('java-edge-cases', 1);
    const created = Date.now() - 60_000;
    const binaryKey = Buffer.from([0x00, 0x01, 0x80, 0xfe, 0xff]);
    const records = [
      send(0, binaryKey, '{"type":"order"}', created, [
        ['tag', Buffer.from('first')],
        ['tag', Buffer.from('second')],
        ['binary', Buffer.from([0x00, 0x80, 0xff])],
        ['accented', Buffer.from('ë')],
        ['japanese', Buffer.from('日本')],
        ['nothing', null],
        ['empty', Buffer.alloc(0)],
      ]),
      send(0, null, 'no key', created + 1),
      send(0, 'empty-value', Buffer.alloc(0), created + 2),
      send(0, 'tombstone', null, created + 3),
    ];

    const acks = await writeWithJavaClient({ bootstrapServers: testBrokers(), topic, steps: records });

    const events = await deliveredEvents(topic);
    const base = acks[0]!.offset;
    const record = (offset: number, fields: Partial<KafkaEventRecord>): KafkaEventRecord => ({
      topic,
      partition: 0,
      offset: base + offset,
      timestamp: created + offset,
      timestampType: 'CREATE_TIME',
      headers: [],
      ...fields,
    });
    expect(acks.map(({ offset }) => offset)).toStrictEqual([base, base + 1, base + 2, base + 3]);
    expect(events).toStrictEqual([
      mskEvent({
        [`${topic}-0`]: [
          record(0, {
            key: binaryKey.toString('base64'),
            value: Buffer.from('{"type":"order"}').toString('base64'),
            // Signed bytes, as AWS writes them: powertools-lambda-python issue 6862, dd-trace-java issue 4794.
            headers: [
              { tag: [102, 105, 114, 115, 116] },
              { tag: [115, 101, 99, 111, 110, 100] },
              { binary: [0, -128, -1] },
              { accented: [-61, -85] },
              { japanese: [-26, -105, -91, -26, -100, -84] },
              // A real MSK event carries a null header value as an empty object (seen in Nike-Inc/hal#144).
              {},
              { empty: [] },
            ],
          }),
          record(1, { value: Buffer.from('no key').toString('base64') }),
          record(2, { key: Buffer.from('empty-value').toString('base64'), value: '' }),
          record(3, { key: Buffer.from('tombstone').toString('base64') }),
        ],
      }),
    ]);
    const delivered = events[0]!.records[`${topic}-0`]!;
    expect(delivered[1]).not.toHaveProperty('key');
    expect(delivered[3]).not.toHaveProperty('value');
  });
});

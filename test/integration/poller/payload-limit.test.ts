import { randomBytes } from 'node:crypto';
import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { testBrokers } from '../../helpers/kafka';
import { onFailureTopicSettings, readOnFailureRecords } from '../../helpers/on-failure-topic';
import { offsetsByPartition } from '../../helpers/poller-deliveries';
import { PollerService, TEST_CLUSTER_ARN } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

/** Lambda's limit on a synchronous invocation's payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const ONE_MB = 1_000_000;

describe('poller: the 6 MB invocation payload limit', () => {
  const broker = usePollerTestBroker();

  it('splits large records into invocations under 6 MB and sends a record too large for any to the on-failure topic', async () => {
    const topic = await broker.topic('poller-payload', 1);
    const dlq = await broker.topic('poller-dlq', 1);
    const send = (key: string, bytes: number) => broker.producer.send({ topic, acks: -1, messages: [{ key, value: randomBytes(bytes) }] });
    for (let index = 0; index < 5; index += 1) await send(`large-${index}`, ONE_MB);
    // 5 MB of random bytes is 6.7 MB in base64: no invocation can carry it.
    await send('too-large', 5 * ONE_MB);
    for (let index = 6; index < 9; index += 1) await send(`large-${index}`, ONE_MB);

    const service = new PollerService({ topic, ...onFailureTopicSettings(dlq), behaviour: { omitValues: true } });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic, 30_000);

    const deliveries = service.deliveries();
    for (const { payloadBytes } of deliveries) expect(payloadBytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(offsetsByPartition(deliveries)).toEqual([[0, 1, 2, 3, 4, 6, 7, 8]]);
    // Four 1.3 MB records fit in one invocation, a fifth would not.
    expect(deliveries.map(({ event }) => event.records[`${topic}-0`]!.length)).toEqual([4, 1, 3]);

    const [failure] = await readOnFailureRecords(broker, dlq, 1);
    expect(failure!.key).toBe('too-large');
    expect(failure!.record.requestContext).toMatchObject({ condition: 'MaximumPayloadSizeExceeded' });
    expect(failure!.record.KafkaBatchInfo).toMatchObject({
      batchSize: 1,
      recordInfo: { offset: '5' },
    });
  });

  it('counts the event around the records: a record fitting 6 MB only without it is not delivered', async () => {
    const topic = await broker.topic('poller-payload-edge', 1);
    const dlq = await broker.topic('poller-dlq', 1);
    const timestamp = 1_700_000_000_000;
    /** Random bytes whose record, alone in an event, makes a payload of `target` bytes or up to 3 fewer. */
    const valueForPayload = (key: string, offset: number, target: number): Buffer => {
      const record = { topic, partition: 0, offset, timestamp, timestampType: 'CREATE_TIME', headers: [], key: Buffer.from(key).toString('base64'), value: '' };
      const event = { eventSource: 'aws:kafka', eventSourceArn: TEST_CLUSTER_ARN, bootstrapServers: testBrokers().join(','), records: { [`${topic}-0`]: [record] } };
      const base64Length = Math.floor((target - Buffer.byteLength(JSON.stringify(event))) / 4) * 4;
      return randomBytes((base64Length / 4) * 3);
    };
    const messages = [
      { key: 'fits', value: valueForPayload('fits', 0, MAX_PAYLOAD_BYTES - 8), timestamp: String(timestamp) },
      { key: 'over', value: valueForPayload('over', 1, MAX_PAYLOAD_BYTES + 8), timestamp: String(timestamp) },
      { key: 'small', value: 'after', timestamp: String(timestamp) },
    ];
    for (const message of messages) await broker.producer.send({ topic, acks: -1, messages: [message] });

    const service = new PollerService({ topic, ...onFailureTopicSettings(dlq), behaviour: { omitValues: true } });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic, 30_000);

    const deliveries = service.deliveries();
    expect(offsetsByPartition(deliveries)).toEqual([[0, 2]]);
    expect(deliveries[0]!.payloadBytes).toBeGreaterThan(MAX_PAYLOAD_BYTES - 12);
    expect(deliveries[0]!.payloadBytes).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES - 8);
    const [failure] = await readOnFailureRecords(broker, dlq, 1);
    expect(failure!.key).toBe('over');
    expect(failure!.record.requestContext.condition).toBe('MaximumPayloadSizeExceeded');
  });
});

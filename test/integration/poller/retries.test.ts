import { committedOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { testBrokers } from '../../helpers/kafka';
import { produceToPartition } from '../../helpers/kafka-produce';
import { failedRecordOf, onFailureTopicSettings, readOnFailureRecords } from '../../helpers/on-failure-topic';
import { deliveredRecords, offsetsByPartition } from '../../helpers/poller-deliveries';
import { PollerService, TEST_CLUSTER_ARN } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

const offsetsOf = (delivery: Parameters<typeof deliveredRecords>[0][number]): string[] =>
  deliveredRecords([delivery]).map((record) => `${record.partition}@${record.offset}`);

describe('poller: retries and the error-handling controls', () => {
  const broker = usePollerTestBroker();

  it('retries a failing batch without end by default, blocking only its own partition', async () => {
    const topic = await broker.topic('poller-blocked');
    await produceToPartition(broker.producer, topic, 0, 3);
    const service = new PollerService({ topic, behaviour: { failRecords: [{ partition: 0, offset: 1 }] } });
    const poller = await service.start();
    await poller.waitForInvocations(3);

    await produceToPartition(broker.producer, topic, 1, 5);
    await produceToPartition(broker.producer, topic, 2, 5);
    await waitUntil('partitions 1 and 2 are committed', async () => {
      const committed = await committedOffsets(broker.admin, service.groupId, topic);
      return committed[1] === 5 && committed[2] === 5;
    });

    expect((await committedOffsets(broker.admin, service.groupId, topic))[0]).toBe(-1);
    const blocked = service.deliveries().filter(({ event }) => event.records[`${topic}-0`]);
    expect(blocked.length).toBeGreaterThanOrEqual(3);
    for (const delivery of blocked) expect(offsetsOf(delivery)).toEqual(['0@0', '0@1', '0@2']);
    const attempts = poller.invocations().filter((line) => line.partitions.includes(`${topic}-0`)).map((line) => line.attempt);
    expect(attempts.slice(0, 3)).toEqual([0, 1, 2]);
  });

  // The record's shape is the example of AWS's `kafka-on-failure-destination` guide page:
  // `recordInfo` for the one record, condition `RetriesExhausted`, a `$LATEST` function ARN.
  it('sends each record of a batch that exhausted MaximumRetryAttempts to the on-failure topic, as AWS writes it', async () => {
    const topic = await broker.topic('poller-exhausted');
    const dlq = await broker.topic('poller-dlq');
    await produceToPartition(broker.producer, topic, 0, 3, 'order');
    const service = new PollerService({ topic, ...onFailureTopicSettings(dlq, { maximumRetryAttempts: 2 }), behaviour: { failRecords: [{ partition: 0, offset: 1 }] } });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const deliveries = service.deliveries();
    expect(deliveries.map(offsetsOf)).toEqual([['0@0', '0@1', '0@2'], ['0@0', '0@1', '0@2'], ['0@0', '0@1', '0@2']]);
    const failures = await readOnFailureRecords(broker, dlq, 3);
    const delivered = deliveredRecords([deliveries[0]!]);
    for (const [index, { key, record }] of failures.entries()) {
      const original = delivered[index]!;
      const timestamp = new Date(original.timestamp).toISOString();
      expect(key).toBe(`order-${index}`);
      expect(record).toStrictEqual({
        requestContext: {
          requestId: deliveries[2]!.requestId,
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:consume:$LATEST',
          condition: 'RetriesExhausted',
          approximateInvokeCount: 3,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        KafkaBatchInfo: {
          batchSize: 1,
          eventSourceArn: TEST_CLUSTER_ARN,
          bootstrapServers: testBrokers().join(','),
          payloadSize: expect.any(Number),
          recordInfo: { offset: String(index), timestamp },
        },
        payload: {
          eventSource: 'aws:kafka',
          eventSourceArn: TEST_CLUSTER_ARN,
          bootstrapServers: testBrokers().join(','),
          records: { [`${topic}-0`]: [{ topic, partition: 0, offset: index, timestamp: original.timestamp, timestampType: 'CREATE_TIME', key: original.key, value: original.value, headers: [] }] },
        },
      });
    }
  });

  it('bisects a failing batch until the poison record is alone and only it reaches the on-failure topic', async () => {
    const topic = await broker.topic('poller-bisect');
    const dlq = await broker.topic('poller-dlq');
    await produceToPartition(broker.producer, topic, 0, 8);
    const service = new PollerService({
      topic,
      ...onFailureTopicSettings(dlq, { bisectBatchOnFunctionError: true, maximumRetryAttempts: 4 }),
      behaviour: { failRecords: [{ partition: 0, offset: 5 }] },
    });
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const failures = await readOnFailureRecords(broker, dlq, 1);
    expect(failures.map(failedRecordOf)).toEqual([`${topic}-0@5`]);
    const succeeded = poller.invocations().filter((line) => line.outcome === 'success');
    const deliveredOk = service.deliveries().filter((delivery) => succeeded.some((line) => line.requestId === delivery.requestId));
    expect(offsetsByPartition(deliveredOk)).toEqual([[0, 1, 2, 3, 4, 6, 7]]);
    expect(service.deliveries().map((delivery) => offsetsOf(delivery).length)).toEqual(expect.arrayContaining([8, 4, 2, 1]));
  });

  // AWS: MaximumRecordAgeInSeconds is "the maximum age of a record that Lambda sends to your function".
  it('never sends a record older than MaximumRecordAgeInSeconds, even the first time: it lands in the on-failure topic and the records around it are delivered', async () => {
    const topic = await broker.topic('poller-record-age', 1);
    const dlq = await broker.topic('poller-dlq');
    const now = Date.now();
    const twoHoursAgo = String(now - 2 * 3_600_000);
    await broker.producer.send({
      topic,
      acks: -1,
      messages: [
        { partition: 0, key: 'young-0', value: 'young', timestamp: String(now) },
        { partition: 0, key: 'old-1', value: 'old', timestamp: twoHoursAgo },
        { partition: 0, key: 'young-2', value: 'young', timestamp: String(now) },
        { partition: 0, key: 'old-3', value: 'old', timestamp: twoHoursAgo },
      ],
    });
    const service = new PollerService({ topic, ...onFailureTopicSettings(dlq, { maximumRecordAgeInSeconds: 60 }) });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(service.deliveries().map(offsetsOf)).toEqual([['0@0', '0@2']]);
    const failures = await readOnFailureRecords(broker, dlq, 2);
    expect(failures.map(({ key }) => key)).toEqual(['old-1', 'old-3']);
    expect(failures.map(failedRecordOf)).toEqual([`${topic}-0@1`, `${topic}-0@3`]);
  });

  it('enforces the function timeout and retries a timed-out batch as a failed one', async () => {
    const topic = await broker.topic('poller-timeout');
    await produceToPartition(broker.producer, topic, 0, 2);
    const service = new PollerService({ topic, timeoutSeconds: 1, behaviour: { sleepMs: 3_000, sleepInvocations: [0] } });
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const [timedOut, retried] = poller.invocations();
    expect(timedOut).toMatchObject({ outcome: 'timeout', errorType: 'Sandbox.Timedout', attempt: 0 });
    expect(timedOut!.durationMs).toBeGreaterThanOrEqual(1_000);
    expect(timedOut!.durationMs).toBeLessThan(3_000);
    expect(retried).toMatchObject({ outcome: 'success', attempt: 1 });
    expect(service.deliveries().map(offsetsOf)).toEqual([['0@0', '0@1'], ['0@0', '0@1']]);
  });
});

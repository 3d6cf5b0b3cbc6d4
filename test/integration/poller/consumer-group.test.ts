import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitForCommittedEnd, waitForGroupMembers } from '../../helpers/consumer-group';
import { uniqueName } from '../../helpers/kafka';
import { produceToPartition } from '../../helpers/kafka-produce';
import { deliveredRecords, range } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

/** The partitions a poller delivered records of. */
const partitionsOf = (service: PollerService): number[] => [...new Set(deliveredRecords(service.deliveries()).map((record) => record.partition))].sort();

describe('poller: pollers sharing a consumer group', () => {
  const broker = usePollerTestBroker();

  it('splits the partitions between two pollers, and the one left takes them all over, losing nothing', async () => {
    const topic = await broker.topic('poller-shared');
    const first = new PollerService({ topic, event: { batchSize: 10 } });
    const second = new PollerService({ topic, event: { batchSize: 10, consumerGroupId: first.groupId } });
    const [, leaving] = await Promise.all([first.start(), second.start()]);
    await waitForGroupMembers(broker.admin, first.groupId, 2);

    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 20);
    await waitForCommittedEnd(broker.admin, first.groupId, topic);
    const [firstPartitions, secondPartitions] = [partitionsOf(first), partitionsOf(second)];
    expect([...firstPartitions, ...secondPartitions].sort()).toEqual([0, 1, 2]);
    expect(firstPartitions.length * secondPartitions.length).toBeGreaterThan(0);

    expect(await leaving.stop()).toEqual({ code: 0, signal: null });
    await waitForGroupMembers(broker.admin, first.groupId, 1);
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 20);
    await waitForCommittedEnd(broker.admin, first.groupId, topic);

    const delivered = [...deliveredRecords(first.deliveries()), ...deliveredRecords(second.deliveries())];
    for (const partition of [0, 1, 2]) {
      const offsets = delivered.filter((record) => record.partition === partition).map((record) => record.offset);
      expect(offsets.sort((a, b) => a - b)).toEqual(range(0, 40));
    }
    expect(partitionsOf(first)).toEqual([0, 1, 2]);
  });

  it('stops retrying a partition the group gives to another poller, which takes the retries over', async () => {
    const topic = await broker.topic('poller-revoked');
    // Invocations hold until the test lets them go, so the rebalance lands while the first is in flight.
    const hold = path.join(os.tmpdir(), uniqueName('poller-hold'));
    fs.writeFileSync(hold, '');
    const failing = { failRecords: [{ partition: 0, offset: 0 }], holdWhileFileExists: hold };
    // kafkajs gives partition 0 to the member whose id, prefixed by the service name, sorts first.
    // A function timeout long enough that the held invocation fails with its error, however slow the rebalance.
    const first = new PollerService({ topic, serviceName: uniqueName('poller-test-b'), behaviour: failing, timeoutSeconds: 120 });
    const second = new PollerService({ topic, serviceName: uniqueName('poller-test-a'), event: { consumerGroupId: first.groupId }, behaviour: failing, timeoutSeconds: 120 });
    const firstPoller = await first.start();
    await produceToPartition(broker.producer, topic, 0, 2);
    await waitUntil('the first poller invokes partition 0', () => first.deliveries().length === 1);

    await second.start();
    await waitForGroupMembers(broker.admin, first.groupId, 2);
    await waitUntil('the second poller has taken partition 0 over', () => partitionsOf(second).includes(0));
    fs.rmSync(hold);
    await firstPoller.waitForInvocations(1);
    await waitUntil('the second poller retries partition 0', () => second.deliveries().length >= 2);
    // Its first attempt failed after the group gave partition 0 to the second poller: it must not try again.
    await sleep(1_000);
    expect(first.deliveries()).toHaveLength(1);
    expect(firstPoller.invocations()).toMatchObject([{ outcome: 'error', attempt: 0 }]);
  });

  it('resumes a partition paused for back-pressure when a rebalance leaves it with the same poller', async () => {
    const topic = await broker.topic('poller-backpressure', 2);
    // 3000 queued records pass the 2000 a partition may hold before its fetching pauses.
    for (const partition of [0, 1]) await produceToPartition(broker.producer, topic, partition, 3_000);
    const first = new PollerService({ topic, event: { batchSize: 1_000 }, behaviour: { sleepMs: 3_000, sleepInvocations: [0, 1] } });
    await first.start();
    await waitUntil('both partitions are in flight', () => first.deliveries().length === 2);

    // A second member makes the group rebalance: each poller ends with one partition.
    const second = new PollerService({ topic, event: { batchSize: 1_000, consumerGroupId: first.groupId } });
    await second.start();
    // A partition left paused would never commit: the wait fails however long it is given.
    await waitForCommittedEnd(broker.admin, first.groupId, topic, 90_000);
    expect(partitionsOf(first)).toEqual([0, 1]);
  }, 180_000);
});

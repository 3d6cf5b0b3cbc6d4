import { committedOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { deliveredRecords, range, type DeliveredRecord } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

const ofPartition = (records: DeliveredRecord[], partition: number): DeliveredRecord[] => records.filter((record) => record.partition === partition);

describe('poller: stopping and restarting', () => {
  const broker = usePollerTestBroker();

  it('on SIGTERM finishes the invocation in flight, commits it and exits 0; a restart delivers only what is new', async () => {
    const topic = await broker.topic('poller-sigterm');
    await produceToPartition(broker.producer, topic, 0, 5);
    const service = new PollerService({ topic, behaviour: { sleepMs: 1_500, sleepInvocations: [0] } });
    const poller = await service.start();
    await waitUntil('the first invocation has started', () => service.deliveries().length === 1);

    expect(await poller.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(poller.invocations()).toMatchObject([{ outcome: 'success', records: 5 }]);
    expect((await committedOffsets(broker.admin, service.groupId, topic))[0]).toBe(5);

    await produceToPartition(broker.producer, topic, 0, 3);
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect(service.deliveries().map((delivery) => deliveredRecords([delivery]).map((record) => record.offset))).toEqual([range(0, 5), range(5, 8)]);
  });

  it('after SIGKILL mid-stream loses nothing and delivers again only the batches that were not committed', async () => {
    const topic = await broker.topic('poller-sigkill');
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 40);
    const service = new PollerService({ topic, event: { batchSize: 10 }, behaviour: { sleepMs: 300 } });
    const killed = await service.start();
    await waitUntil('four invocations have started', () => service.deliveries().length >= 4);

    expect(await killed.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const committedAtKill = await committedOffsets(broker.admin, service.groupId, topic);
    const beforeKill = deliveredRecords(service.deliveries());
    const lastBeforeKill = Math.max(...beforeKill.map((record) => record.invocation));
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    const afterRestart = deliveredRecords(service.deliveries()).filter((record) => record.invocation > lastBeforeKill);

    for (const partition of [0, 1, 2]) {
      const committed = Math.max(0, committedAtKill[partition]!);
      const before = ofPartition(beforeKill, partition);
      const after = ofPartition(afterRestart, partition);
      expect([...new Set([...before, ...after].map((record) => record.offset))].sort((a, b) => a - b)).toEqual(range(0, 40));
      expect(after.every((record) => record.offset >= committed)).toBe(true);
      // A partition has one batch in flight, and its next waits while an older commit is in
      // flight: only the batch in flight and the one before it can be delivered twice.
      const uncommitted = before.filter((record) => record.offset >= committed);
      expect(new Set(uncommitted.map((record) => record.invocation)).size).toBeLessThanOrEqual(2);
      const twice = after.filter((record) => before.some((earlier) => earlier.offset === record.offset));
      expect(twice.map((record) => record.offset)).toEqual(uncommitted.map((record) => record.offset));
    }
  });
});

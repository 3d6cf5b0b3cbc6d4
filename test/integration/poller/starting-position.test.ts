import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { offsetsByPartition } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

describe('poller: starting positions', () => {
  const broker = usePollerTestBroker();

  it('TRIM_HORIZON delivers the records written before the mapping started', async () => {
    const topic = await broker.topic('poller-trim-horizon');
    await produceToPartition(broker.producer, topic, 1, 3);
    const service = new PollerService({ topic, event: { startingPosition: 'TRIM_HORIZON' } });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(offsetsByPartition(service.deliveries())).toEqual([undefined, [0, 1, 2]]);
  });

  it('LATEST delivers only records written after the mapping started', async () => {
    const topic = await broker.topic('poller-latest');
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 3);
    const service = new PollerService({ topic, event: { startingPosition: 'LATEST' } });
    await service.start();
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 2);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(offsetsByPartition(service.deliveries())).toEqual([[3, 4], [3, 4], [3, 4]]);
  });

  it('LATEST is fixed when the mapping first starts: what is written while it is down before any commit still comes', async () => {
    const topic = await broker.topic('poller-latest-pinned', 1);
    await produceToPartition(broker.producer, topic, 0, 3);
    const service = new PollerService({ topic, event: { startingPosition: 'LATEST' } });
    const first = await service.start();
    expect(await first.stop()).toEqual({ code: 0, signal: null });
    await produceToPartition(broker.producer, topic, 0, 2);
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(offsetsByPartition(service.deliveries())).toEqual([[3, 4]]);
  });

  it('AT_TIMESTAMP delivers the records from that time on', async () => {
    const topic = await broker.topic('poller-at-timestamp');
    const startSeconds = Math.floor(Date.now() / 1000) - 600;
    const at = (seconds: number): string => String(seconds * 1000);
    await broker.producer.send({
      topic,
      acks: -1,
      messages: [
        { partition: 0, value: 'before', timestamp: at(startSeconds - 60) },
        { partition: 0, value: 'before', timestamp: at(startSeconds - 1) },
        { partition: 0, value: 'at', timestamp: at(startSeconds) },
        { partition: 0, value: 'after', timestamp: at(startSeconds + 60) },
        { partition: 1, value: 'before', timestamp: at(startSeconds - 60) },
        { partition: 2, value: 'after', timestamp: at(startSeconds + 1) },
      ],
    });
    const service = new PollerService({ topic, event: { startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: startSeconds } });
    await service.start();
    await produceToPartition(broker.producer, topic, 1, 1);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(offsetsByPartition(service.deliveries())).toEqual([[2, 3], [1], [0]]);
  });

  it('resumes from the committed offsets of its group, whatever the starting position says', async () => {
    const topic = await broker.topic('poller-committed-wins', 1);
    await produceToPartition(broker.producer, topic, 0, 3);
    const first = new PollerService({ topic, event: { startingPosition: 'TRIM_HORIZON' } });
    const restarted = (event: Record<string, unknown>) => new PollerService({ topic, event: { ...event, consumerGroupId: first.groupId } });
    const run = async (service: PollerService, produced: number): Promise<number[] | undefined> => {
      const poller = await service.start();
      if (produced > 0) await produceToPartition(broker.producer, topic, 0, produced);
      await waitForCommittedEnd(broker.admin, first.groupId, topic);
      expect(await poller.stop()).toEqual({ code: 0, signal: null });
      return offsetsByPartition(service.deliveries())[0];
    };

    expect(await run(first, 0)).toEqual([0, 1, 2]);
    // From the beginning of time, it would deliver all five.
    expect(await run(restarted({ startingPosition: 'AT_TIMESTAMP', startingPositionTimestamp: 0 }), 2)).toEqual([3, 4]);
    await produceToPartition(broker.producer, topic, 0, 2);
    // LATEST would skip the two records written while no poller ran.
    expect(await run(restarted({ startingPosition: 'LATEST' }), 0)).toEqual([5, 6]);
  });
});

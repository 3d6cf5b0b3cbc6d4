import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { deliveredRecords, offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

describe('poller: batch size and batching window', () => {
  const broker = usePollerTestBroker();

  it('delivers every record once in invocations of at most BatchSize records', async () => {
    const topic = await broker.topic('poller-batch-size');
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 25);

    const service = new PollerService({ topic, event: { batchSize: 10 } });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const sizes = service.deliveries().map((delivery) => deliveredRecords([delivery]).length);
    expect(Math.max(...sizes)).toBe(10);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(75);
    expect(offsetsByPartition(service.deliveries())).toEqual([range(0, 25), range(0, 25), range(0, 25)]);
  });

  it('holds a partial batch for the batching window but sends a full batch at once', async () => {
    const topic = await broker.topic('poller-window');
    const service = new PollerService({ topic, event: { batchSize: 5, maximumBatchingWindow: 2 } });
    await service.start();

    const partialSentAt = Date.now();
    await produceToPartition(broker.producer, topic, 0, 2);
    const [partial] = await waitUntil('the partial batch is delivered', () => service.deliveries().length === 1 && service.deliveries());
    expect(partial!.startedAt - partialSentAt).toBeGreaterThanOrEqual(2_000);
    expect(deliveredRecords([partial!]).map((record) => record.offset)).toEqual([0, 1]);

    const fullSentAt = Date.now();
    await produceToPartition(broker.producer, topic, 1, 5);
    const full = await waitUntil('the full batch is delivered', () => service.deliveries()[1]);
    expect(full.startedAt - fullSentAt).toBeLessThan(1_500);
    expect(deliveredRecords([full]).map((record) => `${record.partition}@${record.offset}`)).toEqual(['1@0', '1@1', '1@2', '1@3', '1@4']);
  });

  it('puts the waiting records of several partitions in one invocation', async () => {
    const topic = await broker.topic('poller-partitions');
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 2);

    const service = new PollerService({ topic });
    await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    const deliveries = service.deliveries();
    expect(deliveries).toHaveLength(1);
    expect(Object.keys(deliveries[0]!.event.records).sort()).toEqual([`${topic}-0`, `${topic}-1`, `${topic}-2`]);
    expect(offsetsByPartition(deliveries)).toEqual([[0, 1], [0, 1], [0, 1]]);
  });
});

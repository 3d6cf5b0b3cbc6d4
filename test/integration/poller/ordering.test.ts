import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

const SLOW_MS = 1_200;

describe('poller: ordering within a partition, concurrency across partitions', () => {
  const broker = usePollerTestBroker();

  it('delivers each partition in offset order while a slow partition does not hold the others', async () => {
    const topic = await broker.topic('poller-order');
    for (const partition of [0, 1, 2]) await produceToPartition(broker.producer, topic, partition, 10);

    const service = new PollerService({ topic, event: { batchSize: 5 }, behaviour: { sleepMs: SLOW_MS, sleepPartitions: [0] } });
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic, 30_000);

    expect(offsetsByPartition(service.deliveries())).toEqual([range(0, 10), range(0, 10), range(0, 10)]);
    // When the poller sent each invocation and when it got the answer.
    const spans = poller.invocations().map((line) => ({ partitions: line.partitions, end: Date.parse(line.time), start: Date.parse(line.time) - line.durationMs }));
    const slow = spans.filter((span) => span.partitions.includes(`${topic}-0`));
    const fast = spans.filter((span) => !span.partitions.includes(`${topic}-0`));
    expect(slow).toHaveLength(2);
    expect(fast).toHaveLength(4);
    // Partitions 1 and 2 ran beside partition 0's first batch and were done before its second.
    expect(fast.some((span) => span.start < slow[0]!.end && slow[0]!.start < span.end)).toBe(true);
    expect(Math.max(...fast.map((span) => span.start))).toBeLessThan(slow[1]!.start);
  });
});

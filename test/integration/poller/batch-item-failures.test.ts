import { committedOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { PollerService, PROVISIONED_MODE } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

const REPORT_BATCH_ITEM_FAILURES = {
  event: PROVISIONED_MODE,
  mapping: { functionResponseTypes: ['ReportBatchItemFailures'] },
};

describe('poller: ReportBatchItemFailures', () => {
  const broker = usePollerTestBroker();

  it('commits what precedes the first failed record of each partition and retries from it', async () => {
    const topic = await broker.topic('poller-item-failures');
    await produceToPartition(broker.producer, topic, 0, 10);
    await produceToPartition(broker.producer, topic, 1, 4);
    const service = new PollerService({
      topic,
      ...REPORT_BATCH_ITEM_FAILURES,
      // The retry sleeps, so the commit made before it can be seen.
      behaviour: { reportItemFailures: [{ partition: 0, offset: 8 }, { partition: 0, offset: 6 }], reportItemFailuresInvocations: 1, sleepMs: 2_000, sleepInvocations: [1] },
    });
    await service.start();

    await waitUntil('the retry has started', () => service.deliveries().length === 2);
    expect(await committedOffsets(broker.admin, service.groupId, topic)).toEqual([6, 4, -1]);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    const [first, retry] = service.deliveries().map((delivery) => offsetsByPartition([delivery]));
    expect(first).toEqual([range(0, 10), range(0, 4)]);
    expect(retry).toEqual([range(6, 10)]);
    expect(service.deliveries()).toHaveLength(2);
  });

  it('fails the whole batch when an identifier names a record that was not in the event', async () => {
    const topic = await broker.topic('poller-item-unknown');
    await produceToPartition(broker.producer, topic, 0, 5);
    const service = new PollerService({
      topic,
      ...REPORT_BATCH_ITEM_FAILURES,
      behaviour: { reportItemFailures: [{ partition: 0, offset: 999 }], reportItemFailuresInvocations: 1 },
    });
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(service.deliveries().map((delivery) => offsetsByPartition([delivery]))).toEqual([[range(0, 5)], [range(0, 5)]]);
    expect(poller.invocations().map(({ outcome, attempt }) => ({ outcome, attempt }))).toEqual([
      { outcome: 'success', attempt: 0 },
      { outcome: 'success', attempt: 1 },
    ]);
  });
});

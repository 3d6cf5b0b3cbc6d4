import { waitForCommittedEnd, waitForGroupMembers } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

describe('poller: a clean stop leaves the consumer group', () => {
  const broker = usePollerTestBroker();

  // Regression: after SIGTERM the group stayed Stable with the stopped member until its session
  // timed out (10 s), so a restarted or second poller waited that long for the partitions.
  it('empties its group within a second of SIGTERM', async () => {
    const topic = await broker.topic('poller-leave');
    const service = new PollerService({ topic });
    const poller = await service.start();
    await waitForGroupMembers(broker.admin, service.groupId, 1);
    await produceToPartition(broker.producer, topic, 0, 5);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    expect(await poller.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const stoppedAt = Date.now();
    let group = (await broker.admin.describeGroups([service.groupId])).groups[0];
    while (group?.state !== 'Empty' && Date.now() - stoppedAt < 1_000) group = (await broker.admin.describeGroups([service.groupId])).groups[0];
    expect({ state: group?.state, members: group?.members.length }).toEqual({ state: 'Empty', members: 0 });
  });
});

import { waitForCommittedRecords, waitForGroupMembers } from '../helpers/consumer-group';
import { useChaosStack } from './support/chaos-stack';
import { report, thousands } from './support/figures-table';
import { produceMessages } from './support/message-stream';
import { notificationsService } from './support/notifications-service';
import { messageCount } from './support/stack';

/** Scenario 4: the group rebalances twice mid-run, as when Lambda scales its pollers out and in. */
describe('chaos: rebalance', () => {
  const stack = useChaosStack();
  const count = messageCount({ full: 10_000, ci: 2_000 });
  /** Long enough for a second poller to start and join while records are still arriving. */
  const streamSeconds = 30;

  it('a second poller joins the group mid-run and the first then leaves: none lost, each key in order', async () => {
    const pipeline = await stack.pipeline('chaos-rebalance');
    const service = notificationsService({ pipeline });
    const first = await service.start();
    const streaming = produceMessages(stack.broker.producer, { topic: pipeline.topic, count, chunk: 100, ratePerSecond: count / streamSeconds });

    const joinedAt = await waitForCommittedRecords(stack.broker.admin, service.groupId, pipeline.topic, 0.25 * count);
    const second = await service.start();
    await waitForGroupMembers(stack.broker.admin, service.groupId, 2, 60_000);
    const leftAt = await waitForCommittedRecords(stack.broker.admin, service.groupId, pipeline.topic, 0.5 * count);
    const firstExit = await first.stop('SIGTERM');
    const stream = await streaming;
    const stored = await stack.drained(pipeline, service, 600_000);

    const figures = report(
      '4. second poller joins, then the first leaves',
      { sent: stream.acknowledged, deliveries: service.deliveries(), arrived: new Set(stored) },
      `joined at ${thousands(joinedAt)} committed, first left at ${thousands(leftAt)}; ` +
        `invocations: first ${first.invocations().length}, second ${second.invocations().length}`,
    );
    expect(stream.unacknowledged).toBe(0);
    expect(firstExit).toEqual({ code: 0, signal: null });
    expect(leftAt).toBeLessThan(count);
    expect(second.invocations().length).toBeGreaterThan(0);
    expect(figures).toMatchObject({ sent: count, delivered: count, lost: 0, outOfOrder: 0 });
    expect(stored).toHaveLength(count);
  });
});

import { committedOffsets, waitForCommittedRecords } from '../helpers/consumer-group';
import { deliveredRecords } from '../helpers/poller-deliveries';
import { useChaosStack } from './support/chaos-stack';
import { report, thousands } from './support/figures-table';
import { produceMessages } from './support/message-stream';
import { notificationsService } from './support/notifications-service';
import { messageCount } from './support/stack';

/** Scenario 7: SIGTERM while batches are in flight, as a deploy or Ctrl-C stops the poller. */
describe('chaos: graceful shutdown', () => {
  const stack = useChaosStack();
  const count = messageCount({ full: 10_000, ci: 2_000 });

  it('SIGTERM under load exits 0 within 10 s, and after a restart nothing committed is delivered again', async () => {
    const pipeline = await stack.pipeline('chaos-sigterm');
    const service = notificationsService({ pipeline });
    const first = await service.start();
    const stream = await produceMessages(stack.broker.producer, { topic: pipeline.topic, count });
    await waitForCommittedRecords(stack.broker.admin, service.groupId, pipeline.topic, 0.4 * count);

    const signalledAt = Date.now();
    const exit = await first.stop('SIGTERM');
    const stopMs = Date.now() - signalledAt;
    const committed = await committedOffsets(stack.broker.admin, service.groupId, pipeline.topic);
    const stopping = first.lines.findIndex((line) => line.message === 'stopping');
    const finishedAfterSignal = first.lines.slice(stopping).filter((line) => line.message === 'invocation').length;
    const lastInvocation = Math.max(...service.deliveries().map((delivery) => delivery.invocation));
    await service.start();
    const stored = await stack.drained(pipeline, service, 600_000);

    const deliveries = service.deliveries();
    const afterRestart = deliveredRecords(deliveries.filter((delivery) => delivery.invocation > lastInvocation));
    const redelivered = afterRestart.filter((record) => record.offset < committed[record.partition]!);
    const figures = report(
      '7. poller SIGTERMed under load and restarted',
      { sent: stream.acknowledged, deliveries, arrived: new Set(stored) },
      `exit ${exit.code} ${stopMs} ms after SIGTERM, ${finishedAfterSignal} invocation(s) finished meanwhile; ` +
        `${thousands(committed.reduce((sum, offset) => sum + offset, 0))} committed, ${redelivered.length} of them delivered again`,
    );
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stopMs).toBeLessThan(10_000);
    expect(redelivered).toEqual([]);
    expect(figures).toMatchObject({ sent: count, delivered: count, lost: 0, outOfOrder: 0 });
    expect(stored).toHaveLength(count);
  });
});

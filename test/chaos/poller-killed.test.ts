import { waitForCommittedRecords } from '../helpers/consumer-group';
import type { PollerProcess } from '../helpers/poller-process';
import { useChaosStack } from './support/chaos-stack';
import { produceMessages } from './support/message-stream';
import { report, thousands } from './support/figures-table';
import { notificationsService } from './support/notifications-service';
import { messageCount } from './support/stack';

/** Scenario 2: the poller dies without warning (SIGKILL) and is started again, three times in one run. */
describe('chaos: the poller killed', () => {
  const stack = useChaosStack();
  const count = messageCount({ full: 20_000, ci: 4_000 });
  /** Shares of the run after which the poller is killed. */
  const killAt = [0.2, 0.45, 0.7];

  it('SIGKILLed three times mid-run and restarted: none lost, exactly one notification per message', async () => {
    const pipeline = await stack.pipeline('chaos-kill');
    const service = notificationsService({ pipeline });
    let poller: PollerProcess = await service.start();
    const stream = await produceMessages(stack.broker.producer, { topic: pipeline.topic, count });

    const killedAt: number[] = [];
    for (const share of killAt) {
      killedAt.push(await waitForCommittedRecords(stack.broker.admin, service.groupId, pipeline.topic, share * count));
      expect(await poller.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      poller = await service.start();
    }
    const stored = await stack.drained(pipeline, service, 600_000);

    const figures = report(
      '2. poller SIGKILLed 3 times and restarted',
      { sent: stream.acknowledged, deliveries: service.deliveries(), arrived: new Set(stored) },
      `killed with ${killedAt.map(thousands).join(', ')} records committed; ${thousands(stored.length)} notifications stored`,
    );
    expect(stream.unacknowledged).toBe(0);
    expect(figures).toMatchObject({ sent: count, delivered: count, lost: 0, outOfOrder: 0 });
    expect(stored).toHaveLength(count);
  });
});

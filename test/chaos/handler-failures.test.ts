import type { Faults } from './fixtures/faults';
import { useChaosStack } from './support/chaos-stack';
import { report, thousands } from './support/figures-table';
import { produceMessages } from './support/message-stream';
import { notificationsService } from './support/notifications-service';
import { messageCount } from './support/stack';

/** Scenario 1: the notifications function fails at random; the event source retries until every batch is stored. */
describe('chaos: handler failures', () => {
  const stack = useChaosStack();
  // Enough batches (100 records each) that a 20% failure rate fails some of them: 0.8^30 is 0.1%.
  const count = messageCount({ full: 10_000, ci: 3_000 });

  it.each<[string, Faults, number]>([
    ['throws on 20% of invocations', { kind: 'throw', rate: 0.2 }, 10],
    ['times out on 20% of invocations', { kind: 'timeout', rate: 0.2 }, 5],
  ])('%s: none lost, each key in order, every redelivery absorbed by the store', async (what, faults, timeoutSeconds) => {
    const pipeline = await stack.pipeline('chaos-failures');
    const service = notificationsService({ pipeline, faults, timeoutSeconds });
    const poller = await service.start();

    const stream = await produceMessages(stack.broker.producer, { topic: pipeline.topic, count });
    const stored = await stack.drained(pipeline, service, 600_000);

    const invocations = poller.invocations();
    const failed = invocations.filter((line) => line.outcome === (faults.kind === 'throw' ? 'error' : 'timeout')).length;
    const figures = report(
      `1. handler ${what}`,
      { sent: stream.acknowledged, deliveries: service.deliveries(), arrived: new Set(stored) },
      `${failed} of ${invocations.length} invocations ${faults.kind === 'throw' ? 'threw' : 'timed out'}; ${thousands(stored.length)} notifications stored`,
    );
    expect(stream.unacknowledged).toBe(0);
    expect(failed).toBeGreaterThan(0);
    expect(figures).toMatchObject({ sent: count, delivered: count, lost: 0, outOfOrder: 0 });
    // Redeliveries happened, and the conditional put kept one notification per message.
    expect(figures.duplicated).toBeGreaterThan(0);
    expect(stored).toHaveLength(count);
  });
});

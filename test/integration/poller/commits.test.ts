import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { committedOffsets, waitForCommittedEnd } from '../../helpers/consumer-group';
import { uniqueName } from '../../helpers/kafka';
import { produceToPartition } from '../../helpers/kafka-produce';
import { offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';

describe('poller: commits', () => {
  const broker = usePollerTestBroker();
  const failing = path.join(os.tmpdir(), uniqueName('poller-failing'));
  afterEach(() => fs.rmSync(failing, { force: true }));

  it('does not move the committed offset while the function fails, and moves it past the batch once it succeeds', async () => {
    const topic = await broker.topic('poller-commit', 1);
    await produceToPartition(broker.producer, topic, 0, 5);
    const service = new PollerService({ topic, behaviour: { failWhileFileExists: failing } });
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);

    fs.writeFileSync(failing, '');
    await produceToPartition(broker.producer, topic, 0, 5);
    await poller.waitForInvocations(4);
    expect(poller.invocations().map(({ outcome }) => outcome)).toEqual(['success', 'error', 'error', 'error']);
    expect(await committedOffsets(broker.admin, service.groupId, topic)).toEqual([5]);

    fs.rmSync(failing);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect(poller.invocations().at(-1)).toMatchObject({ outcome: 'success' });
    for (const retried of service.deliveries().slice(1)) expect(offsetsByPartition([retried])).toEqual([range(5, 10)]);
  });
});

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { produceToPartition } from '../../helpers/kafka-produce';
import { freePorts } from '../../helpers/ports';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { waitUntil } from '../../helpers/wait';

describe('poller: observability', () => {
  const broker = usePollerTestBroker();

  it('logs one line per invocation, offset lag per partition at an interval, and answers status on demand', async () => {
    const topic = await broker.topic('poller-observe', 2);
    const [statusPort] = (await freePorts(19_004, [0])) as [number];
    const service = new PollerService({ topic, statusPort, lagIntervalSeconds: 1, event: { batchSize: 4, maximumBatchingWindow: 0 } });
    await produceToPartition(broker.producer, topic, 0, 4);
    const poller = await service.start();

    const [invocation] = await poller.waitForInvocations(1);
    expect(invocation).toMatchObject({
      function: 'consume',
      partitions: [`${topic}-0`],
      firstOffset: 0,
      lastOffset: 3,
      records: 4,
      outcome: 'success',
      attempt: 0,
    });
    expect(invocation!.bytes).toBeGreaterThan(0);
    expect(invocation!.durationMs).toBeGreaterThanOrEqual(0);

    const lag = await waitUntil('an offset lag line with partition 0 caught up', () =>
      poller.lines.find((line) => line.message === 'offset lag' && (line.partitions as { partition: number; lag: number }[]).some((p) => p.partition === 0 && p.lag === 0)),
    );
    expect(lag).toMatchObject({ function: 'consume', topic, groupId: service.groupId, totalLag: 0 });

    const status = spawnSync(process.execPath, ['--import', 'tsx', 'local/poller/cli.ts', 'status', '--status-port', String(statusPort)], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
    });
    expect(status.status).toBe(0);
    const { mappings } = JSON.parse(status.stdout) as { mappings: { topic: string; partitions: { partition: number; committed: number; highWatermark: number; lag: number }[] }[] };
    expect(mappings[0]!.topic).toBe(topic);
    expect(mappings[0]!.partitions.find((partition) => partition.partition === 0)).toMatchObject({ committed: 4, highWatermark: 4, lag: 0 });
  });
});

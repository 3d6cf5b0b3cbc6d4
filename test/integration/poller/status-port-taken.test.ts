import net from 'node:net';
import { produceToPartition } from '../../helpers/kafka-produce';
import { PollerService } from '../../helpers/poller-service';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { freePorts } from '../../helpers/ports';
import { waitUntil } from '../../helpers/wait';

/** Holds a port on 127.0.0.1, as `npm start` holds 3004 while a second poller asks for it. */
function holdPort(port: number): Promise<net.Server> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('poller: a taken status port', () => {
  const broker = usePollerTestBroker();
  let holder: net.Server | undefined;

  afterEach(() => new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve())));

  it('polls all the same and answers status on the port it logged', async () => {
    const topic = await broker.topic('poller-status-taken', 1);
    const [takenPort] = (await freePorts(19_104, [0])) as [number];
    holder = await holdPort(takenPort);
    const service = new PollerService({ topic, statusPort: takenPort, event: { batchSize: 3, maximumBatchingWindow: 0 } });
    await produceToPartition(broker.producer, topic, 0, 3);
    const poller = await service.start();

    const [invocation] = await poller.waitForInvocations(1);
    expect(invocation).toMatchObject({ partitions: [`${topic}-0`], records: 3, outcome: 'success' });

    const taken = poller.lines.find((line) => line.message.startsWith(`${takenPort} was taken; status on 127.0.0.1:`));
    expect(taken).toMatchObject({ level: 'INFO', askedPort: takenPort });
    const port = taken!.port as number;
    expect(port).not.toBe(takenPort);
    expect(taken!.message).toBe(`${takenPort} was taken; status on 127.0.0.1:${port}`);
    expect(poller.lines.find((line) => line.message === 'status server')).toMatchObject({ level: 'INFO', port, url: `http://127.0.0.1:${port}/status` });

    const mappings = await waitUntil('status shows the batch committed', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      const body = (await response.json()) as { mappings: { topic: string; partitions: { partition: number; committed: number }[] }[] };
      return response.status === 200 && body.mappings?.[0]?.partitions[0]?.committed === 3 && body.mappings;
    });
    expect(mappings[0]!.topic).toBe(topic);
    expect(poller.exitStatus).toBeUndefined();
  });
});

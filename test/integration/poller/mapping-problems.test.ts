import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { AssignerProtocol, type Consumer, type PartitionAssigner } from 'kafkajs';
import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { produceToPartition } from '../../helpers/kafka-produce';
import { createTopic } from '../../helpers/kafka-records';
import { offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { PollerService } from '../../helpers/poller-service';
import { errorLines, pollerStatus, stderrLines, waitForProcessingResult } from '../../helpers/poller-status';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { freePorts } from '../../helpers/ports';
import { waitUntil } from '../../helpers/wait';

/**
 * A group member whose only assignment protocol is one kafkajs's consumers do not speak: while it
 * holds the group, a kafkajs consumer that joins is refused with INCONSISTENT_GROUP_PROTOCOL, an
 * error kafkajs does not restart after. It takes every partition (a member with none would crash
 * and leave the group now and then) and commits nothing.
 */
const foreignAssigner =
  (topic: string, partitions: number[]): PartitionAssigner =>
  () => ({
    name: 'ForeignAssigner',
    version: 0,
    assign: async ({ members }) =>
      members.map(({ memberId }, index) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: index === 0 ? { [topic]: partitions } : {}, userData: Buffer.alloc(0) }),
      })),
    protocol: ({ topics }) => ({ name: 'ForeignAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) }),
  });

describe('poller: a mapping that cannot poll says so and keeps trying', () => {
  const broker = usePollerTestBroker();

  it('a consumer crash kafkajs will not restart: ERROR line and PROBLEM, a clean stop, then recovery with every record delivered', async () => {
    const topic = await broker.topic('poller-crash', 2);
    const [statusPort] = (await freePorts(19_024, [0])) as [number];
    const service = new PollerService({ topic, statusPort, event: { batchSize: 10, maximumBatchingWindow: 0 } });
    const foreign: Consumer = broker.kafka.consumer({ groupId: service.groupId, partitionAssigners: [foreignAssigner(topic, [0, 1])] });
    await foreign.connect();
    await foreign.subscribe({ topic });
    await foreign.run({ autoCommit: false, eachBatch: async () => undefined });
    await produceToPartition(broker.producer, topic, 0, 5);

    const crashed = await service.start();
    await waitUntil('the poller logs that it cannot poll', () => errorLines(crashed).length > 0);
    expect(errorLines(crashed)[0]).toMatchObject({ message: 'mapping cannot poll', function: 'consume', topic, restart: expect.stringMatching(/^in \d+ ms$/) });
    expect(String(errorLines(crashed)[0]!.lastProcessingResult)).toMatch(/^PROBLEM: KafkaJS\w*Error: .*protocol/i);
    const [problem] = await pollerStatus(statusPort);
    expect(problem).toMatchObject({ function: 'consume', topic, state: 'Enabled', lastProcessingResult: errorLines(crashed)[0]!.lastProcessingResult });

    // Stopping a poller whose consumer crashed: exit 0, nothing but the problem itself on stderr.
    expect(await crashed.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(stderrLines(crashed).filter((line) => line.level === 'ERROR' && line.message !== 'mapping cannot poll')).toEqual([]);
    expect(crashed.stderr).not.toMatch(/while stopping|stopped with an error/);

    const poller = await service.start();
    await waitUntil('the restarted poller crashes too', () => errorLines(poller).length > 0);
    await produceToPartition(broker.producer, topic, 1, 5);
    await foreign.disconnect();
    await waitForProcessingResult(statusPort, 'OK', (result) => result === 'OK', 40_000);
    expect(poller.lines.some((line) => line.message === 'mapping polls again')).toBe(true);
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect(offsetsByPartition(service.deliveries())).toEqual([range(0, 5), range(0, 5)]);

    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'local/poller/cli.ts', 'status', '--status-port', String(statusPort)], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
    });
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout).mappings[0]).toMatchObject({ state: 'Enabled', lastProcessingResult: 'OK', totalLag: 0 });
    expect(await poller.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('the topic deleted: a PROBLEM naming the topic, and once it is back, what is written to it is delivered', async () => {
    const topic = await broker.topic('poller-topic-gone', 2);
    const [statusPort] = (await freePorts(19_034, [0])) as [number];
    const service = new PollerService({ topic, statusPort, event: { batchSize: 10, maximumBatchingWindow: 0 } });
    await produceToPartition(broker.producer, topic, 0, 3);
    const poller = await service.start();
    await waitForCommittedEnd(broker.admin, service.groupId, topic);
    expect((await pollerStatus(statusPort))[0]).toMatchObject({ state: 'Enabled', lastProcessingResult: 'OK' });

    await broker.admin.deleteTopics({ topics: [topic] });
    const problem = await waitForProcessingResult(statusPort, 'the topic gone', (result) => result.startsWith('PROBLEM: '), 15_000);
    expect(problem.lastProcessingResult).toContain(`Topic ${topic} not found`);
    expect(errorLines(poller)).toContainEqual(expect.objectContaining({ message: 'mapping cannot poll', topic, lastProcessingResult: problem.lastProcessingResult }));

    await createTopic(broker.kafka, topic, 2);
    await produceToPartition(broker.producer, topic, 1, 4);
    await waitForProcessingResult(statusPort, 'OK', (result) => result === 'OK', 60_000);
    await waitUntil('the records written after the topic came back are delivered', () => (offsetsByPartition(service.deliveries())[1] ?? []).length >= 4, 30_000);
    expect(offsetsByPartition(service.deliveries())).toEqual([range(0, 3), range(0, 4)]);
    expect(await poller.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});

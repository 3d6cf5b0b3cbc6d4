import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { clusterSpec } from '../../../local/kafka/cluster-spec';
import { kafkaDown, kafkaStatus, kafkaUp, type KafkaCluster } from '../../../local/kafka/cluster';
import { waitForCommittedEnd } from '../../helpers/consumer-group';
import { trackedClients, uniqueName } from '../../helpers/kafka';
import { connectedAdmin, connectedProducer, produceToPartition } from '../../helpers/kafka-produce';
import { offsetsByPartition, range } from '../../helpers/poller-deliveries';
import { cleanUpPollerServices, PollerService } from '../../helpers/poller-service';
import { errorLines, pollerStatus, waitForProcessingResult } from '../../helpers/poller-status';
import { freePorts } from '../../helpers/ports';

/** A broker of this file's own, clear of the shared one on 9092 (others' tests run on it) and of the other test clusters' ports. */
const CLUSTER = { name: 'test-poller-outage', brokers: 1, basePort: 19892, controllerBasePort: 19992, runtime: 'java', brokersFromEnv: false } as const;
const DOWN_MS = 15_000;

describe('poller: the broker gone for a while', () => {
  let cluster: KafkaCluster;
  let kafka: ReturnType<typeof trackedClients>;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    if (!kafkaStatus(CLUSTER)) fs.rmSync(clusterSpec(CLUSTER).stateDir, { recursive: true, force: true });
    ({ cluster } = await kafkaUp(CLUSTER));
    // Retries that outlast the outage; the test's own clients' errors meanwhile are expected.
    kafka = trackedClients(new Kafka({ clientId: uniqueName('outage'), brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING, retry: { retries: 20, maxRetryTime: 5_000 } }));
    [admin, producer] = await Promise.all([connectedAdmin(kafka), connectedProducer(kafka)]);
  }, 120_000);

  afterEach(cleanUpPollerServices);

  afterAll(async () => {
    await kafka?.disconnectAll();
    await kafkaDown(CLUSTER);
    fs.rmSync(clusterSpec(CLUSTER).stateDir, { recursive: true, force: true });
  }, 60_000);

  it('shows PROBLEM and an ERROR line within seconds, answers status meanwhile, and delivers everything once the broker is back', async () => {
    const topic = uniqueName('poller-outage');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const [statusPort] = (await freePorts(19_044, [0])) as [number];
    const service = new PollerService({ topic, statusPort, brokers: cluster.bootstrapServers, event: { batchSize: 10, maximumBatchingWindow: 0 } });
    await produceToPartition(producer, topic, 0, 5);
    const poller = await service.start();
    await waitForCommittedEnd(admin, service.groupId, topic);

    const downAt = Date.now();
    // The whole cluster stops; `up` starts it again on its data.
    await kafkaDown(CLUSTER);
    const problem = await waitForProcessingResult(statusPort, 'a PROBLEM', (result) => result.startsWith('PROBLEM: '), 10_000);
    expect(Date.now() - downAt).toBeLessThan(10_000);
    expect(problem).toMatchObject({ state: 'Enabled', lastProcessingResult: expect.stringMatching(/^PROBLEM: .*Connection (error|timeout|closed)/) });
    expect((await pollerStatus(statusPort))[0]!.partitions).toBe('unknown');
    expect(errorLines(poller)).toContainEqual(expect.objectContaining({ message: 'mapping cannot poll', function: 'consume', topic, lastProcessingResult: problem.lastProcessingResult }));

    await sleep(Math.max(0, DOWN_MS - (Date.now() - downAt)));
    await kafkaUp(CLUSTER);
    await produceToPartition(producer, topic, 1, 5);
    await waitForProcessingResult(statusPort, 'OK again', (result) => result === 'OK', 60_000);
    expect(poller.lines).toContainEqual(expect.objectContaining({ message: 'mapping polls again', topic, lastProcessingResult: 'OK' }));
    await waitForCommittedEnd(admin, service.groupId, topic, 30_000);
    expect(offsetsByPartition(service.deliveries())).toEqual([range(0, 5), range(0, 5)]);
    expect(await poller.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 150_000);
});

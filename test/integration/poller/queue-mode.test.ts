import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testBrokers, uniqueName } from '../../helpers/kafka';
import { produceToPartition } from '../../helpers/kafka-produce';
import { failedRecordOf, onFailureTopicSettings, readOnFailureRecords } from '../../helpers/on-failure-topic';
import { deliveredRecords, range } from '../../helpers/poller-deliveries';
import { PollerService, type PollerServiceOptions } from '../../helpers/poller-service';
import { freePorts } from '../../helpers/ports';
import { usePollerTestBroker } from '../../helpers/poller-test-broker';
import { setShareGroupConfig } from '../../helpers/share-group-config';
import { waitUntil } from '../../helpers/wait';

/** A Queue mapping (ConsumptionMode: Queue) of a `kafka` event, in share group `groupId`; a share group takes no starting position or batching window. */
function queueService(topic: string, groupId: string, options: Partial<PollerServiceOptions> = {}): PollerService {
  return new PollerService({
    topic,
    source: 'kafka',
    ...options,
    event: { batchSize: 5, consumerGroupId: groupId, startingPosition: undefined, maximumBatchingWindow: undefined, ...options.event },
    mapping: { consumptionMode: 'Queue', ...options.mapping },
  });
}

/** Offsets delivered by these services, each as often as it was delivered, sorted: order is not assumed. */
function offsetsOf(...services: PollerService[]): number[] {
  return services.flatMap((service) => deliveredRecords(service.deliveries()).map((record) => record.offset)).sort((a, b) => a - b);
}

/**
 * A new share group reads from the latest offset (share.auto.offset.reset, Kafka's default); the
 * tests write before the pollers fetch, so their groups read from the earliest.
 */
async function newShareGroup(settings: Record<string, string | number> = {}): Promise<string> {
  const groupId = uniqueName('queue-group');
  await setShareGroupConfig(testBrokers(), groupId, { 'share.auto.offset.reset': 'earliest', ...settings });
  return groupId;
}

describe('poller: Queue mode (share groups)', () => {
  const broker = usePollerTestBroker();

  it('lets two pollers of one mapping share one partition, each record processed once when nothing fails', async () => {
    const topic = await broker.topic('queue-shared', 1);
    const groupId = await newShareGroup();
    const behaviour = { sleepMs: 100 };
    const [statusPort] = (await freePorts(19_254, [0])) as [number];
    const first = queueService(topic, groupId, { behaviour, statusPort });
    const second = queueService(topic, groupId, { behaviour });
    await Promise.all([first.start(), second.start()]);
    await produceToPartition(broker.producer, topic, 0, 100);

    await waitUntil('all 100 records are processed', () => offsetsOf(first, second).length >= 100, 60_000);
    await sleep(1_000);
    expect(offsetsOf(first, second)).toEqual(range(0, 100));
    expect(offsetsOf(first).length).toBeGreaterThan(0);
    expect(offsetsOf(second).length).toBeGreaterThan(0);

    const status = (await (await fetch(`http://127.0.0.1:${statusPort}/status`)).json()) as { mappings: { queue?: Record<string, unknown> }[] };
    expect(status.mappings[0]!.queue).toMatchObject({
      consumptionMode: 'Queue',
      shareGroupState: 'Stable',
      shareGroupMembers: 2,
      partitions: [0],
      counts: { acquired: offsetsOf(first).length, accepted: offsetsOf(first).length, inFlight: 0, released: 0, rejected: 0 },
      lockDurationMs: 30_000,
      deliveryAttemptLimit: 5,
    });
    expect(status.mappings[0]!.queue!.notDocumentedByAws).toEqual(expect.arrayContaining([expect.stringContaining('not documented by AWS')]));
    const metrics = await (await fetch(`http://127.0.0.1:${statusPort}/metrics`)).text();
    expect(metrics).toContain(`lambda_event_source_mapping_share_group_accepted_events_total{function="consume",topic="${topic}"} ${offsetsOf(first).length}`);
  });

  it("delivers a failing record again up to the share group's delivery limit, then writes it to the on-failure destination", async () => {
    const topic = await broker.topic('queue-failing', 1);
    const destination = await broker.topic('queue-failing-dlt', 1);
    const groupId = await newShareGroup();
    const { event, mapping } = onFailureTopicSettings(destination);
    const service = queueService(topic, groupId, { event: { ...event, batchSize: 1 }, mapping, behaviour: { failRecords: [{ partition: 0, offset: 2 }] } });
    await service.start();
    await produceToPartition(broker.producer, topic, 0, 5);

    const [failure] = await readOnFailureRecords(broker, destination, 1);
    expect(failedRecordOf(failure!)).toBe(`${topic}-0@2`);
    expect(failure!.record.requestContext.condition).toBe('RetriesExhausted');
    await sleep(1_000);
    const offsets = offsetsOf(service);
    // Kafka 4.2's default group.share.delivery.count.limit: 5 deliveries; the others once each.
    expect(offsets.filter((offset) => offset === 2)).toHaveLength(5);
    expect(offsets.filter((offset) => offset !== 2)).toEqual([0, 1, 3, 4]);
  });

  it('with ReportBatchItemFailures and MaximumRetryAttempts, delivers again only the failed record, as often as the mapping allows', async () => {
    const topic = await broker.topic('queue-item-failures', 1);
    const destination = await broker.topic('queue-item-failures-dlt', 1);
    const groupId = await newShareGroup();
    const { event, mapping } = onFailureTopicSettings(destination, { maximumRetryAttempts: 1, functionResponseTypes: ['ReportBatchItemFailures'] });
    const service = queueService(topic, groupId, { event: { ...event, batchSize: 10 }, mapping, behaviour: { reportItemFailures: [{ partition: 0, offset: 1 }] } });
    await service.start();
    await produceToPartition(broker.producer, topic, 0, 3);

    const [failure] = await readOnFailureRecords(broker, destination, 1);
    expect(failedRecordOf(failure!)).toBe(`${topic}-0@1`);
    await sleep(1_000);
    // The first delivery and one retry.
    expect(offsetsOf(service)).toEqual([0, 1, 1, 2]);
  });

  it('loses nothing when a poller is killed mid-batch: the broker releases its records when its connections close', async () => {
    const topic = await broker.topic('queue-killed', 1);
    const groupId = await newShareGroup();
    const hold = path.join(os.tmpdir(), uniqueName('queue-hold'));
    fs.writeFileSync(hold, '');
    try {
      const killed = queueService(topic, groupId, { behaviour: { holdWhileFileExists: hold }, timeoutSeconds: 120 });
      const killedPoller = await killed.start();
      await produceToPartition(broker.producer, topic, 0, 5);
      await waitUntil('the first poller holds a batch', () => killed.deliveries().length === 1);
      expect(offsetsOf(killed)).toEqual([0, 1, 2, 3, 4]);
      await killedPoller.stop('SIGKILL');

      const survivor = queueService(topic, groupId);
      await survivor.start();
      await waitUntil('the second poller processes the records the first one held', () => offsetsOf(survivor).length >= 5, 60_000);
      expect(offsetsOf(survivor)).toEqual([0, 1, 2, 3, 4]);
    } finally {
      fs.rmSync(hold, { force: true });
    }
  });

  it("loses nothing when a poller hangs mid-batch: its records come back once their lock expires", async () => {
    const topic = await broker.topic('queue-frozen', 1);
    // 15 s: the shortest lock a 4.2 broker allows by default (group.share.min.record.lock.duration.ms).
    const groupId = await newShareGroup({ 'share.record.lock.duration.ms': 15_000 });
    const hold = path.join(os.tmpdir(), uniqueName('queue-hold'));
    fs.writeFileSync(hold, '');
    try {
      const frozen = queueService(topic, groupId, { behaviour: { holdWhileFileExists: hold }, timeoutSeconds: 120 });
      const frozenPoller = await frozen.start();
      await produceToPartition(broker.producer, topic, 0, 5);
      await waitUntil('the first poller holds the batch', () => frozen.deliveries().length === 1);
      const acquiredAt = frozen.deliveries()[0]!.startedAt;
      // Its connections stay open, so the broker keeps the records locked: no lock renewal comes from it.
      frozenPoller.freeze();
      const survivor = queueService(topic, groupId);
      await survivor.start();

      await waitUntil('the second poller processes the records the frozen one held', () => offsetsOf(survivor).length >= 5, 60_000);
      expect(offsetsOf(survivor)).toEqual([0, 1, 2, 3, 4]);
      const firstRedelivery = Math.min(...survivor.deliveries().map((delivery) => delivery.startedAt));
      expect(firstRedelivery - acquiredAt).toBeGreaterThanOrEqual(14_000);
    } finally {
      fs.rmSync(hold, { force: true });
    }
  });

  it('keeps the records of an invocation that outlasts the lock locked (renewing it), so no other poller gets them', async () => {
    const topic = await broker.topic('queue-renewed', 1);
    const groupId = await newShareGroup({ 'share.record.lock.duration.ms': 15_000 });
    const slow = queueService(topic, groupId, { behaviour: { sleepMs: 22_000, sleepInvocations: [0] }, timeoutSeconds: 60 });
    const slowPoller = await slow.start();
    await produceToPartition(broker.producer, topic, 0, 3);
    await waitUntil('the slow invocation starts', () => slow.deliveries().length === 1);
    const other = queueService(topic, groupId);
    await other.start();

    await slowPoller.waitForInvocations(1, 40_000);
    await sleep(2_000);
    expect(offsetsOf(slow)).toEqual([0, 1, 2]);
    expect(offsetsOf(other)).toEqual([]);
    expect(slowPoller.invocations()[0]).toMatchObject({ outcome: 'success' });
  });
});

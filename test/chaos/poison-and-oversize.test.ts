import type { DeadLetter } from '../../shared/dead-letter';
import { readRecords } from '../helpers/kafka-records';
import { failedRecordOf, onFailureTopicSettings, readOnFailureRecords } from '../helpers/on-failure-topic';
import type { SentRecord } from './support/figures';
import { useChaosStack } from './support/chaos-stack';
import { report, thousands } from './support/figures-table';
import { produceMessages } from './support/message-stream';
import { notificationsService } from './support/notifications-service';
import { produceBadRecord, type BadKind, type BadRecord } from './support/poison-records';
import { messageCount } from './support/stack';

/** The bad records of one round of the stream, between two runs of good messages. */
function badKindsOf(round: number): BadKind[] {
  const kinds: BadKind[] = ['NOT_JSON', 'SCHEMA_MISMATCH'];
  if (round % 4 === 1) kinds.push('EMPTY_VALUE');
  if (round % 5 === 2) kinds.push('OVERSIZED');
  return kinds;
}

/** Scenario 5: poison and oversized records mixed into a stream of good messages. */
describe('chaos: poison and oversized records', () => {
  const stack = useChaosStack();
  const rounds = messageCount({ full: 20, ci: 6 });
  const goodPerRound = messageCount({ full: 250, ci: 150 });

  it('each bad record reaches the dead-letter topic or the on-failure destination with its reason and coordinates; every good one is stored', async () => {
    const pipeline = await stack.pipeline('chaos-poison');
    const onFailureTopic = await stack.broker.topic('chaos-on-failure');
    const service = notificationsService({ pipeline, ...onFailureTopicSettings(onFailureTopic) });
    await service.start();

    const good: SentRecord[] = [];
    const bad: BadRecord[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const stream = await produceMessages(stack.broker.producer, { topic: pipeline.topic, count: goodPerRound });
      expect(stream.unacknowledged).toBe(0);
      good.push(...stream.acknowledged);
      for (const [index, kind] of badKindsOf(round).entries()) {
        bad.push(await produceBadRecord(stack.broker.producer, pipeline.topic, (round + index) % 3, kind, bad.length));
      }
    }
    const stored = await stack.drained(pipeline, service, 600_000);

    const poison = bad.filter((record) => record.kind !== 'OVERSIZED');
    const oversized = bad.filter((record) => record.kind === 'OVERSIZED');
    const letters = (await readRecords(stack.broker.kafka, pipeline.deadLetterTopic, poison.length, 60_000)).map((record) => JSON.parse(record.value!) as DeadLetter);
    const failures = await readOnFailureRecords(stack.broker, onFailureTopic, oversized.length);
    const deadLettered = new Map(letters.map((letter) => [`${letter.source.topic}-${letter.source.partition}@${letter.source.offset}`, letter.reason]));
    const sentToOnFailure = new Map(failures.map((failure) => [failedRecordOf(failure), failure.record.requestContext.condition]));
    const arrived = new Set([
      ...stored,
      ...poison.filter((record) => deadLettered.get(record.id) === record.kind).map((record) => record.id),
      ...oversized.filter((record) => sentToOnFailure.get(record.id) === 'MaximumPayloadSizeExceeded').map((record) => record.id),
    ]);
    const figures = report(
      '5. poison and oversized records in the stream',
      { sent: [...good, ...bad], deliveries: service.deliveries(), arrived },
      `${thousands(good.length)} good stored; ${poison.length} poison dead-lettered (${letters.length} letters); ` +
        `${oversized.length} oversized (5 MB) to the on-failure topic, never delivered`,
    );
    expect(figures).toMatchObject({ sent: good.length + bad.length, delivered: good.length + poison.length, lost: 0, outOfOrder: 0 });
    expect([...stored].sort()).toEqual(good.map((message) => message.id).sort());
    expect(letters).toHaveLength(poison.length);
    for (const letter of letters) expect(letter.details.length).toBeGreaterThan(0);
    expect(failures.map((failure) => failure.key)).toEqual(expect.arrayContaining(oversized.map((record) => record.key)));
  });
});

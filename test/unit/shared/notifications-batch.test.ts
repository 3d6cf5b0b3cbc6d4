import type { DeadLetter, DeadLetterMessage } from '../../../shared/dead-letter';
import type { Notification } from '../../../shared/notification-store';
import { processNotificationBatch } from '../../../shared/notifications-batch';
import { kafkaMessage, loadMskEvent } from '../../helpers/msk-events';

/** An in-memory stand-in for the conditional put: enough to test this module's logic. */
function fakeDependencies() {
  const stored = new Map<string, Notification>();
  const deadLetters: DeadLetterMessage[] = [];
  return {
    stored,
    deadLetters,
    deps: {
      putIfAbsent: async (notification: Notification) => {
        if (stored.has(notification.id)) return false;
        stored.set(notification.id, notification);
        return true;
      },
      sendDeadLetters: async (letters: DeadLetterMessage[]) => {
        deadLetters.push(...letters);
      },
      now: () => new Date('2026-11-21T12:00:00.000Z'),
    },
  };
}

describe('processNotificationBatch', () => {
  it('stores one notification per message across partitions, with its Kafka coordinates', async () => {
    const { stored, deps } = fakeDependencies();
    const summary = await processNotificationBatch(loadMskEvent('three-partitions'), deps);

    expect(summary).toEqual({
      partitions: ['message-created-0', 'message-created-1', 'message-created-2'],
      records: 4,
      stored: 4,
      duplicates: 0,
      deadLettered: 0,
    });
    expect(stored.get(kafkaMessage(1).id)).toEqual({
      id: kafkaMessage(1).id,
      text: 'message 1',
      key: 'user-1',
      createdAt: kafkaMessage(1).createdAt,
      notifiedAt: '2026-11-21T12:00:00.000Z',
      source: { topic: 'message-created', partition: 0, offset: 7 },
    });
  });

  it('absorbs a redelivered batch: the second run stores nothing new', async () => {
    const { stored, deps } = fakeDependencies();
    await processNotificationBatch(loadMskEvent('hundred-records'), deps);
    const again = await processNotificationBatch(loadMskEvent('hundred-records'), deps);
    expect(stored.size).toBe(100);
    expect(again).toMatchObject({ records: 100, stored: 0, duplicates: 100 });
  });

  it('dead-letters poison records with reason and coordinates, and stores the good ones around them', async () => {
    const { stored, deadLetters, deps } = fakeDependencies();
    const summary = await processNotificationBatch(loadMskEvent('poison'), deps);

    expect(summary).toMatchObject({ records: 6, stored: 2, deadLettered: 4 });
    expect([...stored.values()].map((notification) => notification.source.offset)).toEqual([10, 15]);
    const letters = deadLetters.map((message) => JSON.parse(message.value) as DeadLetter);
    expect(letters.map((letter) => [letter.source.offset, letter.reason])).toEqual([
      [11, 'NOT_JSON'],
      [12, 'SCHEMA_MISMATCH'],
      [13, 'EMPTY_VALUE'],
      [14, 'NOT_JSON'],
    ]);
    expect(letters[1]!.details).toEqual(expect.arrayContaining([expect.stringMatching(/^id: /), expect.stringMatching(/^text: /)]));
    expect(Buffer.from(letters[0]!.value!, 'base64').toString()).toBe('this is not JSON');
    expect(deadLetters[0]!.key?.toString()).toBe('not-json');
    expect(deadLetters[0]!.headers).toEqual({ 'dead-letter-reason': 'NOT_JSON', 'dead-letter-source': 'message-created-0@11' });
    expect(Buffer.from(letters[3]!.value!, 'base64')).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x01]));
  });

  it('throws when the store fails, so the event source retries the batch, and writes no dead letter', async () => {
    const { deadLetters, deps } = fakeDependencies();
    const failing = { ...deps, putIfAbsent: async () => Promise.reject(new Error('store unavailable')) };
    await expect(processNotificationBatch(loadMskEvent('poison'), failing)).rejects.toThrow('store unavailable');
    expect(deadLetters).toHaveLength(0);
  });

  it('throws when the dead-letter topic cannot be written, so no poison record is lost', async () => {
    const { deps } = fakeDependencies();
    const failing = { ...deps, sendDeadLetters: async () => Promise.reject(new Error('kafka unavailable')) };
    await expect(processNotificationBatch(loadMskEvent('poison'), failing)).rejects.toThrow('kafka unavailable');
  });
});

import type { DeadLetter } from './api-types';
import { byId, element, getJson, shownText, showDetail } from './dom';

/** What "send again" answered per dead letter, kept across refreshes of the view. */
const sentAgain = new Map<string, HTMLElement>();

export async function loadDeadLetters(): Promise<void> {
  const note = byId('dead-letters-note');
  const box = byId('dead-letter-topics');
  const refresh = byId<HTMLButtonElement>('dead-letters-refresh');
  if (refresh.disabled) return;
  refresh.disabled = true;
  try {
    const { topics } = await getJson<{ topics: { topic: string; records: DeadLetter[]; note?: string }[] }>('/api/dead-letters');
    note.textContent = topics.length === 0 ? 'No dead-letter topic: set an on-failure destination (kafka://topic) or custom.serverless-offline-kafka.deadLetterTopics.' : '';
    box.replaceChildren(...topics.map((topic) => deadLetterTable(topic.topic, topic.records, topic.note)));
  } catch (error) {
    note.textContent = `Could not read the dead-letter topics: ${(error as Error).message}`;
  } finally {
    refresh.disabled = false;
  }
}

function deadLetterTable(topic: string, records: DeadLetter[], emptyNote: string | undefined): HTMLElement {
  const rows = records
    .slice()
    .reverse()
    .map((record) => {
      const at = `${record.topic}-${record.partition}@${record.offset}`;
      const result = sentAgain.get(at) ?? element('span');
      sentAgain.set(at, result);
      const button = element('button', { type: 'button', 'data-testid': 'send-again' }, 'Send again');
      button.disabled = !record.canSendAgain;
      if (!record.canSendAgain) button.title = 'The record does not say which record it holds.';
      button.addEventListener('click', () => {
        if (!window.confirm(`Produce the original of ${at} back to ${record.source ?? 'its source topic'}?`)) return;
        button.disabled = true;
        getJson<{ to: { topic: string; partition: number; offset: number } }>('/api/dead-letters/send-again', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ topic: record.topic, partition: record.partition, offset: record.offset }),
        }).then(
          ({ to }) => result.replaceChildren(element('span', { class: 'sent', 'data-testid': 'sent-to' }, `sent to ${to.topic}-${to.partition}@${to.offset}`)),
          (error: Error) => {
            button.disabled = false;
            result.replaceChildren(element('span', { class: 'failed' }, error.message));
          },
        );
      });
      const row = element(
        'tr',
        { 'data-dead-letter': at },
        element('td', {}, at),
        element('td', {}, new Date(record.timestamp).toLocaleString()),
        element('td', { 'data-testid': 'reason' }, record.reason),
        element('td', { 'data-testid': 'source' }, record.source ?? 'unknown'),
        element('td', { class: 'value clickable', title: 'Show the dead-letter record' }, shownText(record.originalValue !== undefined ? record.originalValue : record.shown.value).slice(0, 300)),
        element('td', {}, button, ' ', result),
      );
      row.children[4]!.addEventListener('click', () =>
        showDetail(at, JSON.stringify({ key: record.shown.key, headers: record.shown.headers, value: record.shown.value }, null, 2)),
      );
      return row;
    });
  return element(
    'div',
    { 'data-topic': topic },
    element('h3', {}, topic),
    rows.length === 0
      ? element('p', { class: 'hint' }, emptyNote ?? 'empty')
      : element(
          'table',
          {},
          element('thead', {}, element('tr', {}, ...['Record', 'Time', 'Reason', 'Source', 'Original value', ''].map((name) => element('th', {}, name)))),
          element('tbody', {}, ...rows),
        ),
  );
}

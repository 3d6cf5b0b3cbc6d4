import type { ShownRecord } from './api-types';
import { byId, element, getJson, shownText } from './dom';

type TopicList = { topic: string; partitions: { partition: number; low: number; high: number }[] }[];
let topicList: TopicList = [];

export async function loadTopics(): Promise<void> {
  const select = byId<HTMLSelectElement>('topic-select');
  const chosen = select.value;
  ({ topics: topicList } = await getJson<{ topics: TopicList }>('/api/topics'));
  select.replaceChildren(...topicList.map(({ topic }) => element('option', { value: topic }, topic)));
  if (topicList.some(({ topic }) => topic === chosen)) select.value = chosen;
  showPartitions();
}

export function showPartitions(): void {
  const topic = topicList.find((entry) => entry.topic === byId<HTMLSelectElement>('topic-select').value);
  const select = byId<HTMLSelectElement>('partition-select');
  const chosen = select.value;
  select.replaceChildren(...(topic?.partitions ?? []).map(({ partition }) => element('option', { value: String(partition) }, String(partition))));
  if (chosen && [...select.options].some((option) => option.value === chosen)) select.value = chosen;
  const partition = topic?.partitions.find((entry) => String(entry.partition) === select.value);
  byId('topic-offsets').textContent = partition ? `offsets ${partition.low} to ${partition.high - 1} (end ${partition.high})` : '';
}

export async function readTopic(): Promise<void> {
  const topic = byId<HTMLSelectElement>('topic-select').value;
  const params = new URLSearchParams({
    partition: byId<HTMLSelectElement>('partition-select').value || '0',
    offset: byId<HTMLInputElement>('offset-input').value || '0',
    limit: byId<HTMLInputElement>('limit-input').value || '20',
  });
  const rows = byId('topic-rows');
  rows.replaceChildren(element('tr', {}, element('td', { colspan: '5', class: 'hint' }, 'reading…')));
  try {
    const { records } = await getJson<{ records: ShownRecord[] }>(`/api/topics/${encodeURIComponent(topic)}/messages?${params}`);
    rows.replaceChildren(
      ...(records.length === 0
        ? [element('tr', {}, element('td', { colspan: '5', class: 'hint' }, 'no records at or after this offset'))]
        : records.map((record) =>
            element('tr', { 'data-offset': String(record.offset) },
              element('td', { class: 'num' }, String(record.offset)),
              element('td', {}, new Date(record.timestamp).toLocaleString()),
              element('td', { class: 'value' }, shownText(record.key)),
              element('td', { class: 'value', 'data-testid': 'value' }, shownText(record.value)),
              element('td', { class: 'value' }, Object.entries(record.headers).map(([name, value]) => `${name}: ${shownText(value)}`).join('\n')),
            ),
          )),
    );
  } catch (error) {
    rows.replaceChildren(element('tr', {}, element('td', { colspan: '5', class: 'failed' }, (error as Error).message)));
  }
  await loadTopics().catch(() => undefined);
}

// The console page: plain DOM, fed by /api/state once and by server-sent events after.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './console.css';

type Shown = { json: unknown } | { text: string } | { base64: string } | null;

interface PartitionStatus { partition: number; committed: number; highWatermark: number; lag: number; queued: number; inFlight: boolean }
interface MappingStatus {
  function: string;
  topic: string;
  groupId: string;
  state: string;
  lastProcessingResult: string;
  partitions: PartitionStatus[] | 'unknown';
  totalLag: number | 'unknown';
  metrics: Record<string, number>;
}
interface LagSample { at: number; partitions: Record<string, number> }
interface Invocation {
  requestId: string; function: string; startedAt: string; partitions: string[]; firstOffset: number; lastOffset: number;
  records: number; bytes: number; durationMs: number; outcome: string; attempt: number; errorType?: string; errorMessage?: string;
}
interface State {
  mappings: { key: string; settings: Record<string, unknown> }[];
  status: MappingStatus[];
  lag: Record<string, LagSample[]>;
  invocations: Invocation[];
  deadLetterTopics: string[];
}
interface DeadLetter {
  topic: string; partition: number; offset: number; timestamp: number; reason: string; source?: string; canSendAgain: boolean; originalValue?: Shown;
  shown: { key: Shown; value: Shown; headers: Record<string, Shown> };
}
interface ShownRecord { partition: number; offset: number; timestamp: number; key: Shown; value: Shown; headers: Record<string, Shown> }

const MAX_ROWS = 100;
const LAG_WINDOW_S = 10 * 60;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function shownText(shown: Shown): string {
  if (shown === null) return 'null';
  if ('json' in shown) return JSON.stringify(shown.json, null, 2);
  if ('text' in shown) return shown.text;
  return `base64:${shown.base64}`;
}

function mappingKey(mapping: { function: string; topic: string }): string {
  return `${mapping.function}/${mapping.topic}`;
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

function showDetail(title: string, body: string): void {
  byId('detail-title').textContent = title;
  byId('detail-body').textContent = body;
  const dialog = byId<HTMLDialogElement>('detail');
  if (!dialog.open) dialog.showModal();
}

// ---- mappings

class MappingView {
  readonly root: HTMLElement;
  private readonly header: HTMLElement;
  private readonly metrics: HTMLElement;
  private readonly partitions: HTMLElement;
  private readonly chartBox: HTMLElement;
  private chart: uPlot | undefined;
  private samples: LagSample[];

  constructor(readonly key: string, settings: Record<string, unknown>, samples: LagSample[]) {
    this.samples = samples;
    this.header = element('h3');
    this.metrics = element('dl');
    this.partitions = element('tbody');
    this.chartBox = element('div', { class: 'lag-chart' });
    const settingsList = element('dl');
    for (const [name, value] of Object.entries(settings)) settingsList.append(element('dt', {}, name), element('dd', {}, typeof value === 'string' ? value : JSON.stringify(value)));
    const partitionTable = element(
      'table',
      {},
      element('thead', {}, element('tr', {}, ...['Partition', 'Committed', 'End offset', 'Lag', 'Queued', 'In flight'].map((name) => element('th', { class: name === 'Partition' ? '' : 'num' }, name)))),
      this.partitions,
    );
    this.root = element(
      'div',
      { class: 'mapping', 'data-mapping': key },
      this.header,
      element('div', { class: 'columns' },
        element('div', {}, element('h4', {}, 'Settings'), settingsList),
        element('div', {}, element('h4', {}, 'Metrics'), this.metrics),
        element('div', {}, element('h4', {}, 'Partitions'), partitionTable, element('h4', {}, 'Lag, last minutes'), this.chartBox),
      ),
    );
  }

  update(status: MappingStatus, sample: LagSample | undefined): void {
    const result = status.lastProcessingResult;
    this.header.replaceChildren(
      `${status.function} ← ${status.topic}`,
      element('span', { class: 'badge', 'data-testid': 'state' }, status.state),
      element('span', { class: 'badge', 'data-testid': 'last-processing-result', 'data-result': result.startsWith('PROBLEM') ? 'PROBLEM' : result }, result),
      element('span', { class: 'hint' }, `group ${status.groupId} · lag ${status.totalLag}`),
    );
    this.metrics.replaceChildren(...Object.entries(status.metrics).flatMap(([name, value]) => [element('dt', {}, name), element('dd', { 'data-metric': name }, String(value))]));
    this.partitions.replaceChildren(
      ...(status.partitions === 'unknown'
        ? [element('tr', {}, element('td', { colspan: '6' }, 'unknown: the broker did not answer'))]
        : status.partitions.map((partition) =>
            element('tr', { 'data-partition': String(partition.partition) },
              element('td', {}, String(partition.partition)),
              element('td', { class: 'num' }, String(partition.committed)),
              element('td', { class: 'num' }, String(partition.highWatermark)),
              element('td', { class: 'num', 'data-testid': 'lag' }, String(partition.lag)),
              element('td', { class: 'num' }, String(partition.queued)),
              element('td', {}, partition.inFlight ? 'yes' : ''),
            ),
          )),
    );
    if (sample) this.samples.push(sample);
    this.drawChart();
  }

  private drawChart(): void {
    const cutoff = Date.now() - LAG_WINDOW_S * 1000;
    this.samples = this.samples.filter((sample) => sample.at >= cutoff);
    const partitions = [...new Set(this.samples.flatMap((sample) => Object.keys(sample.partitions)))].sort((a, b) => Number(a) - Number(b));
    const data: uPlot.AlignedData = [this.samples.map((sample) => sample.at / 1000), ...partitions.map((partition) => this.samples.map((sample) => sample.partitions[partition] ?? null))];
    const width = Math.max(300, this.chartBox.clientWidth || 400);
    if (!this.chart || this.chart.series.length !== partitions.length + 1) {
      this.chart?.destroy();
      const colors = ['#2a7', '#37d', '#d73', '#a4c', '#c92', '#3aa', '#d35', '#777'];
      this.chart = new uPlot(
        {
          width,
          height: 160,
          legend: { show: partitions.length <= 8 },
          scales: { y: { range: (_chart, _min, max) => [0, Math.max(1, max)] } },
          series: [{}, ...partitions.map((partition, index) => ({ label: `partition ${partition}`, stroke: colors[index % colors.length]!, width: 1.5 }))],
        },
        data,
        this.chartBox,
      );
    } else this.chart.setData(data);
  }
}

const mappingViews = new Map<string, MappingView>();

function renderMappings(state: State): void {
  const list = byId('mapping-list');
  for (const mapping of state.mappings) {
    const view = new MappingView(mapping.key, mapping.settings, state.lag[mapping.key] ?? []);
    mappingViews.set(mapping.key, view);
    list.append(view.root);
  }
  if (state.mappings.length === 0) list.append(element('p', { class: 'hint' }, 'No Kafka-triggered function is polled.'));
  updateStatus(state.status, {});
}

function updateStatus(statuses: MappingStatus[], samples: Record<string, LagSample>): void {
  for (const status of statuses) mappingViews.get(mappingKey(status))?.update(status, samples[mappingKey(status)]);
}

// ---- invocations

function invocationRow(invocation: Invocation): HTMLTableRowElement {
  const offsets = invocation.firstOffset === invocation.lastOffset ? String(invocation.firstOffset) : `${invocation.firstOffset}–${invocation.lastOffset}`;
  const row = element(
    'tr',
    { class: 'clickable', 'data-request-id': invocation.requestId, 'data-first-offset': String(invocation.firstOffset), title: 'Show the event' },
    element('td', {}, new Date(invocation.startedAt).toLocaleTimeString()),
    element('td', {}, invocation.function),
    element('td', { class: 'value' }, invocation.requestId),
    element('td', {}, invocation.partitions.join(', ')),
    element('td', { class: 'num' }, offsets),
    element('td', { class: 'num' }, String(invocation.records)),
    element('td', { class: 'num' }, String(invocation.bytes)),
    element('td', { class: 'num' }, `${invocation.durationMs} ms`),
    element('td', {}, element('span', { class: 'badge', 'data-outcome': invocation.outcome }, invocation.attempt > 0 ? `${invocation.outcome} (retry ${invocation.attempt})` : invocation.outcome)),
    element('td', { class: 'value' }, invocation.errorMessage ? `${invocation.errorType ?? 'Error'}: ${invocation.errorMessage}` : ''),
  );
  row.addEventListener('click', () => {
    getJson<{ event: unknown }>(`/api/invocations/${encodeURIComponent(invocation.requestId)}`).then(
      ({ event }) => showDetail(`Event of ${invocation.requestId}`, JSON.stringify(event, null, 2)),
      (error: Error) => showDetail(`Event of ${invocation.requestId}`, error.message),
    );
  });
  return row;
}

function addInvocation(invocation: Invocation): void {
  const rows = byId('invocation-rows');
  rows.prepend(invocationRow(invocation));
  while (rows.children.length > MAX_ROWS) rows.lastElementChild!.remove();
}

// ---- dead letters

/** What "send again" answered per dead letter, kept across refreshes of the view. */
const sentAgain = new Map<string, HTMLElement>();

async function loadDeadLetters(): Promise<void> {
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

// ---- topic browser

type TopicList = { topic: string; partitions: { partition: number; low: number; high: number }[] }[];
let topicList: TopicList = [];

async function loadTopics(): Promise<void> {
  const select = byId<HTMLSelectElement>('topic-select');
  const chosen = select.value;
  ({ topics: topicList } = await getJson<{ topics: TopicList }>('/api/topics'));
  select.replaceChildren(...topicList.map(({ topic }) => element('option', { value: topic }, topic)));
  if (topicList.some(({ topic }) => topic === chosen)) select.value = chosen;
  showPartitions();
}

function showPartitions(): void {
  const topic = topicList.find((entry) => entry.topic === byId<HTMLSelectElement>('topic-select').value);
  const select = byId<HTMLSelectElement>('partition-select');
  const chosen = select.value;
  select.replaceChildren(...(topic?.partitions ?? []).map(({ partition }) => element('option', { value: String(partition) }, String(partition))));
  if (chosen && [...select.options].some((option) => option.value === chosen)) select.value = chosen;
  const partition = topic?.partitions.find((entry) => String(entry.partition) === select.value);
  byId('topic-offsets').textContent = partition ? `offsets ${partition.low} to ${partition.high - 1} (end ${partition.high})` : '';
}

async function readTopic(): Promise<void> {
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

// ---- start

function connect(): void {
  const badge = byId('connection');
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    badge.textContent = 'live';
    badge.dataset.state = 'live';
  });
  events.addEventListener('error', () => {
    badge.textContent = 'reconnecting';
    badge.dataset.state = 'reconnecting';
  });
  let deadLetterEnds: string | undefined;
  events.addEventListener('status', (event) => {
    const { mappings, samples, deadLetterEnds: ends } = JSON.parse((event as MessageEvent<string>).data) as {
      mappings: MappingStatus[];
      samples: Record<string, LagSample>;
      deadLetterEnds?: Record<string, number>;
    };
    updateStatus(mappings, samples);
    // A record was written to a dead-letter topic: show it without being asked.
    const current = ends && JSON.stringify(ends);
    if (current && deadLetterEnds !== undefined && current !== deadLetterEnds) void loadDeadLetters();
    if (current) deadLetterEnds = current;
  });
  events.addEventListener('invocation', (event) => addInvocation(JSON.parse((event as MessageEvent<string>).data) as Invocation));
}

async function start(): Promise<void> {
  const state = await getJson<State>('/api/state');
  renderMappings(state);
  for (const invocation of state.invocations) addInvocation(invocation);
  connect();
  byId('dead-letters-refresh').addEventListener('click', () => void loadDeadLetters());
  byId('topic-select').addEventListener('change', showPartitions);
  byId('partition-select').addEventListener('change', showPartitions);
  byId('topic-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void readTopic();
  });
  await Promise.all([loadDeadLetters(), loadTopics().catch(() => undefined)]);
}

void start();

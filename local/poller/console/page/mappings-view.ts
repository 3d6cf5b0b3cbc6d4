import uPlot from 'uplot';
import type { LagSample, MappingStatus, State } from './api-types';
import { byId, element } from './dom';

const LAG_WINDOW_S = 10 * 60;

function mappingKey(mapping: { function: string; topic: string }): string {
  return `${mapping.function}/${mapping.topic}`;
}

/** One mapping: its settings, state, metrics, partitions and lag chart. */
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
    const { queue } = status;
    this.header.replaceChildren(
      `${status.function} ← ${status.topic}`,
      element('span', { class: 'badge', 'data-testid': 'state' }, status.state),
      element('span', { class: 'badge', 'data-testid': 'last-processing-result', 'data-result': result.startsWith('PROBLEM') ? 'PROBLEM' : result }, result),
      element('span', { class: 'hint' }, queue
        ? `share group ${status.groupId} · ${queue.shareGroupState} · ${queue.shareGroupMembers} members`
        : `group ${status.groupId} · lag ${status.totalLag}${status.pollerGroupName ? ` · poller group ${status.pollerGroupName}` : ''}`),
    );
    const off = Object.entries(status.metricGroups).filter(([, state]) => state === 'off').map(([group]) => group);
    const queueCounts = queue ? Object.entries(queue.counts).map(([name, value]): [string, number] => [`share group ${name}`, value]) : [];
    this.metrics.replaceChildren(
      ...[...Object.entries(status.metrics), ...queueCounts].flatMap(([name, value]) => [element('dt', {}, name), element('dd', { 'data-metric': name }, String(value))]),
      ...(off.length > 0 ? [element('dt', {}, 'Off'), element('dd', { 'data-testid': 'metric-groups-off' }, `${off.join(', ')}: not in MetricsConfig.Metrics, so AWS publishes none of their metrics`)] : []),
    );
    this.partitions.replaceChildren(
      ...(queue
        ? [
            element('tr', { 'data-testid': 'queue-mode' }, element('td', { colspan: '6' }, `Queue mode: partitions ${queue.partitions.join(', ') || 'none yet'} shared with the group's other members; records are acknowledged one by one under a ${queue.lockDurationMs} ms lock, at most ${queue.deliveryAttemptLimit} deliveries`)),
            ...queue.notDocumentedByAws.map((line) => element('tr', { class: 'hint' }, element('td', { colspan: '6' }, line))),
          ]
        : status.partitions === 'unknown'
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

export function renderMappings(state: State): void {
  const list = byId('mapping-list');
  for (const mapping of state.mappings) {
    const view = new MappingView(mapping.key, mapping.settings, state.lag[mapping.key] ?? []);
    mappingViews.set(mapping.key, view);
    list.append(view.root);
  }
  if (state.mappings.length === 0) list.append(element('p', { class: 'hint' }, 'No Kafka-triggered function is polled.'));
  updateStatus(state.status, {});
}

export function updateStatus(statuses: MappingStatus[], samples: Record<string, LagSample>): void {
  for (const status of statuses) mappingViews.get(mappingKey(status))?.update(status, samples[mappingKey(status)]);
}

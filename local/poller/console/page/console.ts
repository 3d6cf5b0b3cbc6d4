// The console page: plain DOM, fed by /api/state once and by server-sent events after.
import 'uplot/dist/uPlot.min.css';
import './console.css';
import type { Invocation, LagSample, MappingStatus, State } from './api-types';
import { loadDeadLetters } from './dead-letters-view';
import { byId, getJson } from './dom';
import { addInvocation } from './invocations-view';
import { renderMappings, updateStatus } from './mappings-view';
import { loadTopics, readTopic, showPartitions } from './topic-browser';

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

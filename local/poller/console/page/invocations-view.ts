import type { Invocation } from './api-types';
import { byId, element, getJson, showDetail } from './dom';

const MAX_ROWS = 100;

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

export function addInvocation(invocation: Invocation): void {
  const rows = byId('invocation-rows');
  rows.prepend(invocationRow(invocation));
  while (rows.children.length > MAX_ROWS) rows.lastElementChild!.remove();
}

import type { Shown } from './api-types';

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

export function shownText(shown: Shown): string {
  if (shown === null) return 'null';
  if ('json' in shown) return JSON.stringify(shown.json, null, 2);
  if ('text' in shown) return shown.text;
  return `base64:${shown.base64}`;
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

export function showDetail(title: string, body: string): void {
  byId('detail-title').textContent = title;
  byId('detail-body').textContent = body;
  const dialog = byId<HTMLDialogElement>('detail');
  if (!dialog.open) dialog.showModal();
}

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../local/config';
import { loadMskEvent } from '../helpers/msk-events';

interface PostmanItem {
  name: string;
  request: { method: string; url: { path: string[] }; body?: { raw: string } };
  event?: { listen: string; script: { exec: string[] } }[];
}

const collection = JSON.parse(
  fs.readFileSync(path.join(PROJECT_ROOT, 'local/postman/messages-notifications.postman_collection.json'), 'utf8'),
) as { item: PostmanItem[] };
const service = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'serverless.yml'), 'utf8')) as {
  functions: Record<string, { events?: { httpApi?: { method: string; path: string } }[] }>;
};

describe('the Postman collection', () => {
  const routes = Object.values(service.functions).flatMap((fn) => (fn.events ?? []).flatMap((event) => (event.httpApi ? [event.httpApi] : [])));

  it.each(routes.map((route) => [route.method, route.path]))('has a request for %s %s', (method, route) => {
    const requests = collection.item.map((item) => `${item.request.method} /${item.request.url.path.join('/')}`);
    expect(requests).toContain(`${method} ${route}`);
  });

  it.each(collection.item.map((item) => [item.name, item]))('"%s" carries tests', (_, item) => {
    const tests = (item.event ?? []).filter((event) => event.listen === 'test').flatMap((event) => event.script.exec);
    expect(tests.join('\n')).toMatch(/pm\.test\(/);
  });

  it('invokes the notifications function with the MSK fixture test/fixtures/msk/three-partitions.json', () => {
    const invoke = collection.item.find((item) => item.request.url.path.includes('invocations'));
    expect(JSON.parse(invoke!.request.body!.raw)).toEqual(loadMskEvent('three-partitions'));
  });
});

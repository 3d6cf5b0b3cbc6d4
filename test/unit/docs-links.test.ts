import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../local/config';
import { anchorsOf, headingSlug, linksOf } from '../helpers/markdown-links';

/** The docs a reader walks: the front page, the docs/ pages, the plugin's own README. */
function docFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(PROJECT_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  return ['README.md', ...docs, 'local/poller/README.md'].filter((file) => fs.existsSync(path.join(PROJECT_ROOT, file)));
}

const anchorCache = new Map<string, Set<string>>();
function anchorsIn(absolute: string): Set<string> {
  let anchors = anchorCache.get(absolute);
  if (anchors === undefined) {
    anchors = anchorsOf(fs.readFileSync(absolute, 'utf8'));
    anchorCache.set(absolute, anchors);
  }
  return anchors;
}

/** Why a relative link of `file` does not resolve, or undefined when it does. Web links are not followed. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
  const hash = target.indexOf('#');
  const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
  const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const from = path.join(PROJECT_ROOT, file);
  const absolute =
    pathPart === '' ? from : path.join(pathPart.startsWith('/') ? PROJECT_ROOT : path.dirname(from), pathPart);
  const shown = path.relative(PROJECT_ROOT, absolute);
  if (!fs.existsSync(absolute)) return `${shown} does not exist`;
  if (anchor === undefined || !absolute.endsWith('.md')) return undefined;
  return anchorsIn(absolute).has(anchor) ? undefined : `${shown} has no heading whose anchor is #${anchor}`;
}

describe('the docs', () => {
  it('are the README and pages in docs/', () => {
    expect(docFiles()).toContain('README.md');
    expect(docFiles().filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(0);
  });

  it.each(docFiles())('%s: every relative link and anchor resolves', (file) => {
    const links = linksOf(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));
    const broken = links.flatMap(({ line, target }) => {
      const why = brokenLink(file, target);
      return why === undefined ? [] : [`${file}:${line} (${target}): ${why}`];
    });
    expect(broken).toEqual([]);
  });

  it.each(docFiles().filter((file) => file.startsWith('docs/')))('%s links back to the README', (file) => {
    const links = linksOf(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'));
    expect(links.map((link) => link.target.split('#')[0])).toContain('../README.md');
  });

  it('every docs/ page is linked from the README', () => {
    const fromReadme = new Set(linksOf(fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')).map((link) => link.target.split('#')[0]));
    const pages = docFiles().filter((file) => file.startsWith('docs/'));
    expect(pages.filter((page) => !fromReadme.has(page))).toEqual([]);
  });

  it('shows `npm test` as the test command, which .ci/run runs', () => {
    expect(fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')).toMatch(/^npm test$/m);
  });
});

describe('anchors as GitHub makes them', () => {
  it.each([
    ["The local poller: Lambda's Kafka event source mapping", 'the-local-poller-lambdas-kafka-event-source-mapping'],
    ['serverless-offline-kafka: the poller as a Serverless plugin', 'serverless-offline-kafka-the-poller-as-a-serverless-plugin'],
    ['Deploy to AWS (Amazon MSK)', 'deploy-to-aws-amazon-msk'],
    ['messages → notifications on AWS Lambda + Amazon MSK', 'messages--notifications-on-aws-lambda--amazon-msk'],
    ['POST /api/v1/messages', 'post-apiv1messages'],
    ['`status` and `lag_ms`', 'status-and-lag_ms'],
    ['Kafka, as this system uses it', 'kafka-as-this-system-uses-it'],
  ])('%s -> #%s', (heading, slug) => {
    expect(headingSlug(heading)).toBe(slug);
  });

  it('numbers a repeated heading -1, -2', () => {
    expect([...anchorsOf('# Setup\n\n## Setup\n\n```sh\n# Setup\n```\n\n### Setup\n')]).toEqual(['setup', 'setup-1', 'setup-2']);
  });

  it('finds links in prose and images, not in code', () => {
    const markdown = '[a](a.md#x) and ![b](b.png)\n`[c](c.md)`\n```\n[d](d.md)\n```\n[e]: e.md\n';
    expect(linksOf(markdown).map((link) => link.target)).toEqual(['a.md#x', 'b.png', 'e.md']);
  });
});

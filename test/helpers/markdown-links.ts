/** The headings' anchors and the links of a Markdown file, as GitHub renders them (outside code). */

export interface MarkdownLink {
  line: number;
  target: string;
}

const FENCE = /^\s*(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const INLINE_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/;
const HTML_ANCHOR = /<a\s[^>]*(?:id|name)="([^"]+)"/g;

/** Lines outside fenced code, with their 1-based numbers. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const opening = text.match(FENCE)?.[1];
    if (opening !== undefined) {
      if (fence === null) fence = opening[0] ?? null;
      else if (opening[0] === fence) fence = null;
      return;
    }
    if (fence === null) lines.push({ line: index + 1, text });
  });
  return lines;
}

/**
 * GitHub's anchor for a heading: the rendered text lowercased, every character but letters, marks,
 * decimal and letter numbers, connector punctuation (`_`), `-` and spaces dropped (Ruby's
 * `[^\p{Word}\- ]`, as github-slugger copies it), each space a hyphen.
 */
export function headingSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor the file offers: its headings' slugs (a repeated one gets -1, -2, ...) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = text.match(ATX_HEADING)?.[2];
    if (heading !== undefined) {
      const slug = headingSlug(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of text.matchAll(HTML_ANCHOR)) anchors.add(match[1] ?? '');
  }
  return anchors;
}

/** Every link and image target, inline or reference-style, outside code blocks and code spans. */
export function linksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(INLINE_LINK)) links.push({ line, target: match[1] ?? '' });
    const definition = prose.match(REFERENCE_DEFINITION)?.[1];
    if (definition !== undefined) links.push({ line, target: definition });
  }
  return links;
}

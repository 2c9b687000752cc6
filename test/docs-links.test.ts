// Every relative link in README.md, docs/*.md and bench/README.md names a file of the repository
// (and, with a #fragment into a Markdown file, one of its headings), so moving or renaming a page
// cannot leave a dead link behind. External links (http:, https:, mailto:) are not followed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { target } from './support/app';

const ROOT = join(import.meta.dirname, '..');
const PAGES = [
  'README.md',
  'bench/README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The page's text outside fenced code blocks and inline code, where a `](` is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets of `[text](target)` and `![alt](target "title")`. */
function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (m) => m[1]!,
  );
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to '-'. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const headings = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm);
  for (const [, text] of headings) {
    const base = text!
      .toLowerCase()
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** What is wrong with one link of `page`, or undefined when it resolves. */
function brokenLink(page: string, link: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined;
  const [path = '', fragment] = link.split('#', 2);
  const file = path === '' ? page : normalize(join(dirname(page), decodeURI(path)));
  if (relative(ROOT, join(ROOT, file)).startsWith('..')) return `${link}: outside the repository`;
  if (!existsSync(join(ROOT, file))) return `${link}: no file ${file}`;
  if (fragment === undefined || !file.endsWith('.md')) return undefined;
  const anchors = headingAnchors(readFileSync(join(ROOT, file), 'utf8'));
  return anchors.has(fragment.toLowerCase()) ? undefined : `${link}: no heading #${fragment}`;
}

describe.skipIf(target === 'worker')('documentation links', () => {
  it.each(PAGES)('every relative link of %s resolves', (page) => {
    const links = linkTargets(readFileSync(join(ROOT, page), 'utf8'));
    const broken = links.map((link) => brokenLink(page, link)).filter((e) => e !== undefined);
    expect(broken).toEqual([]);
  });

  it('finds the links of a page, and the anchors GitHub gives its headings', () => {
    const page = [
      '# Send traffic: `/nodes/:ip/:port/request`',
      '## Hits',
      '## Hits',
      'See [the API](docs/api.md#the-document), ![map](docs/ui.png "the page") and <https://x.y/>.',
      '```sh',
      'echo "[not](a-link.md)"',
      '```',
      'Inline `[code](not-a-link.md)` is not a link either.',
    ].join('\n');
    expect(linkTargets(page)).toEqual(['docs/api.md#the-document', 'docs/ui.png']);
    expect([...headingAnchors(page)]).toEqual([
      'send-traffic-nodesipportrequest',
      'hits',
      'hits-1',
    ]);
    expect(brokenLink('README.md', 'docs/api.md#the-document')).toBeUndefined();
    expect(brokenLink('README.md', 'docs/api.md#no-such-heading')).toMatch(/no heading/);
    expect(brokenLink('docs/api.md', 'docs/api.md')).toMatch(/no file docs\/docs\/api.md/);
    expect(brokenLink('README.md', '../outside.md')).toMatch(/outside the repository/);
  });
});

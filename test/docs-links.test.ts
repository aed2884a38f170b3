// The documentation holds together: every relative link of the README, the manuals and the folder
// READMEs reaches a file (and a heading, when it names one), every folder of src/ has a README, and
// the README stays short and opens with the two commands a fresh machine runs.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The folders under `dir`, recursively, `dir` included. */
function foldersUnder(dir: string): string[] {
  const children = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => foldersUnder(path.join(dir, entry.name)));
  return [dir, ...children];
}

/** README.md, docs/*.md and every README.md under src/ and testdata/, relative to the root. */
function documents(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', name));
  const readmes = ['src', 'testdata']
    .flatMap((top) => foldersUnder(path.join(ROOT, top)))
    .map((folder) => path.relative(ROOT, path.join(folder, 'README.md')))
    .filter((file) => existsSync(path.join(ROOT, file)));
  return ['README.md', ...docs, ...readmes].sort();
}

/** The text with fenced code blocks and inline code spans blanked, so links shown as code are not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Every `[text](target)` target of a Markdown text, outside code. */
export function linkTargets(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\[[^\]\n]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file's headings make, with GitHub's `-1`, `-2` for repeated ones. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
  for (const match of text.matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const slug = headingSlug(match[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What is wrong with one relative link of `document`, or undefined when it resolves. */
function brokenLink(document: string, target: string): string | undefined {
  const [file = '', anchor] = target.split('#', 2);
  const resolved = file === '' ? path.join(ROOT, document) : path.resolve(ROOT, path.dirname(document), file);
  if (!existsSync(resolved)) return `${document}: ${target}: no such file`;
  if (anchor === undefined) return undefined;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md'))
    return `${document}: ${target}: not a Markdown file`;
  if (!anchorsOf(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) {
    return `${document}: ${target}: no heading makes #${anchor}`;
  }
  return undefined;
}

describe('the documentation', () => {
  it('finds the links and anchors it checks', () => {
    assert.deepEqual(linkTargets('[a](b.md) `[c](d.md)` [e](https://x#y)\n```\n[f](g.md)\n```\n[h](#i)'), [
      'b.md',
      'https://x#y',
      '#i',
    ]);
    assert.equal(headingSlug("The viewer's server"), 'the-viewers-server');
    assert.equal(headingSlug('`go-profiler view` is `go tool pprof -http`'), 'go-profiler-view-is-go-tool-pprof--http');
    assert.equal(headingSlug('Views: state, pure updates, render'), 'views-state-pure-updates-render');
    assert.deepEqual([...anchorsOf('# A\n## B c\n```\n# not\n```\n## B c\n')], ['a', 'b-c', 'b-c-1']);
  });

  it('has relative links that reach a file and a heading', () => {
    const files = documents();
    assert.ok(files.includes('docs/viewer.md') && files.includes('src/web/client/README.md'), files.join(', '));
    const broken = files.flatMap((document) =>
      linkTargets(readFileSync(path.join(ROOT, document), 'utf8'))
        .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
        .flatMap((target) => brokenLink(document, target) ?? []),
    );
    assert.deepEqual(broken, []);
  });

  it('has a README in every folder of src/', () => {
    // src/ itself is the README's layout table.
    const missing = foldersUnder(path.join(ROOT, 'src'))
      .slice(1)
      .map((folder) => path.relative(ROOT, folder))
      .filter((folder) => !existsSync(path.join(ROOT, folder, 'README.md')));
    assert.deepEqual(missing, []);
  });

  it('has a README of two screens that opens with the two commands', () => {
    const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n');
    assert.ok(lines.length <= 110, `README.md has ${lines.length} lines; keep it to about 100`);
    const fence = lines.findIndex((line) => line.startsWith('```'));
    const firstProse = lines.findIndex((line, i) => i > 0 && line.trim() !== '' && !line.startsWith('```'));
    assert.ok(fence !== -1 && fence < firstProse, 'the first thing under the title is a code block');
    const commands = lines
      .slice(fence + 1, lines.indexOf('```', fence + 1))
      .map((line) => line.replace(/#.*$/, '').trim());
    assert.deepEqual(commands, ['npm ci && npm start', 'npm test']);
  });
});

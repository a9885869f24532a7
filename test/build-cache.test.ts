/**
 * The build cache (src/build-cache.ts): a rebuild after an edit takes the unchanged chapters,
 * subsets and laid-out parts of a long book from the cache, and writes the same bytes as a build
 * without it — after an edit that keeps every page where it was, and after one that moves the
 * pages of every later part.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from './helpers/generate-book.js';
import { inkstone, tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

const canRender = haveTools('chromium');

/** Builds `dir` into a new folder; returns its files' bytes, stage times and messages. */
function build(dir: string, cache: string | 'off') {
  const out = tempDir();
  const timings = path.join(out, 'timings.json');
  const run = inkstone(['build', dir, '--out', out], { env: { SOURCE_DATE_EPOCH: '1700000000', INKSTONE_BUILD_CACHE: cache, INKSTONE_TIMINGS: timings } });
  expect(run.status, run.stderr).toBe(0);
  return {
    epub: readFileSync(path.join(out, 'book.epub')),
    pdf: readFileSync(path.join(out, 'book.pdf')),
    timings: JSON.parse(readFileSync(timings, 'utf8')) as Record<string, number>,
    // what it reported (but how long it took)
    warnings: run.stderr.split('\n').filter((line) => !/^inkstone: built/.test(line)),
  };
}

/** Changes chapter `n`'s middle paragraph with `change`. */
function edit(dir: string, n: number, change: (paragraph: string) => string): void {
  const file = path.join(dir, `ch${String(n).padStart(2, '0')}.md`);
  const paragraphs = readFileSync(file, 'utf8').split('\n\n');
  const middle = paragraphs.findIndex((p, i) => i >= paragraphs.length / 2 && /^\p{Script=Han}/u.test(p));
  paragraphs[middle] = change(paragraphs[middle] as string);
  writeFileSync(file, paragraphs.join('\n\n'));
}

describe.skipIf(!canRender)('a rebuild with the build cache', () => {
  let dir: string;
  let cache: string;
  beforeAll(() => {
    // Five chapters of ~10,000 characters: the front matter and three parts laid out apart.
    dir = generateBook(path.join(tempDir(), 'book'), { seed: 11, chapters: 5, characters: 50_000, notes: 60, wholeText: true }).dir;
    // A warning in a chapter: a taken chapter must report it as a transformed one does.
    writeFileSync(path.join(dir, 'ch02.md'), `${readFileSync(path.join(dir, 'ch02.md'), 'utf8')}\n\n<span class="nowhere">无处</span>\n`);
    cache = tempDir('inkstone-cache-');
    build(dir, cache);
  });

  it('after an edit that keeps the pages: the same bytes as a build without the cache, most of it taken again', () => {
    edit(dir, 3, (p) => `${p.slice(0, 10)}${p[11]}${p[10]}${p.slice(12)}`);
    const warm = build(dir, cache);
    const cold = build(dir, 'off');
    expect(warm.epub.equals(cold.epub)).toBe(true);
    expect(warm.pdf.equals(cold.pdf)).toBe(true);
    expect(warm.warnings).toEqual(cold.warnings);
    expect(warm.warnings.join('\n')).toMatch(/ch02\.md\n\s*\d+:\d+-\d+:\d+\s+warning\s+class “nowhere”/);
    expect(warm.timings).toMatchObject({ 'cache:chapter found': 4, 'cache:chapter made': 1, 'cache:fonts found': 1 });
    // the front matter and the two parts without chapter 3
    expect(warm.timings['cache:part found']).toBe(3);
    expect(warm.timings['cache:part made']).toBe(1);
  });

  it('after an edit that moves every later page: the same bytes as a build without the cache', () => {
    edit(dir, 1, (p) => `${p}\n\n${p}\n\n${p}\n\n${p}\n\n${p}`);
    const warm = build(dir, cache);
    const cold = build(dir, 'off');
    expect(warm.epub.equals(cold.epub)).toBe(true);
    expect(warm.pdf.equals(cold.pdf)).toBe(true);
    expect(warm.timings['cache:chapter found']).toBe(4);
  });

  it('builds nothing from the cache with --no-cache', () => {
    const out = tempDir();
    const timings = path.join(out, 'timings.json');
    const run = inkstone(['build', dir, '--out', out, '--no-cache', '-q'], { env: { INKSTONE_BUILD_CACHE: cache, INKSTONE_TIMINGS: timings } });
    expect(run.status, run.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(timings, 'utf8'))).filter((key) => key.startsWith('cache:'))).toEqual([]);
  });
});

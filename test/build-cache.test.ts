/**
 * The build cache (src/build-cache.ts): a rebuild after an edit takes the unchanged chapters,
 * subsets and laid-out parts of a long book from the cache, and writes the same bytes as a build
 * without it — after an edit that keeps every page where it was, and after one that moves the
 * pages of every later part.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateBook } from './helpers/generate-book.js';
import { inkstone, tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';
import { readTags } from './helpers/pdf-tags.js';
import { BuildCache, inputOf } from '../src/build-cache.js';
import { decodePart, type PartObjects } from '../src/pdf/part-objects.js';

const canRender = haveTools('chromium');

/** Builds `dir` into a new folder; returns its files' bytes, stage times and messages. */
function build(dir: string, cache: string | 'off', cwd?: string) {
  const out = tempDir();
  const timings = path.join(out, 'timings.json');
  const run = inkstone(['build', dir, '--out', out], { cwd, env: { SOURCE_DATE_EPOCH: '1700000000', INKSTONE_BUILD_CACHE: cache, INKSTONE_TIMINGS: timings } });
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

  it('keeps each part with its text runs folded into their elements (a rebuild does not fold them again)', async () => {
    const parts = readdirSync(cache).filter((name) => name.startsWith('part-'));
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const name of parts) {
      const file = path.join(tempDir(), 'part.pdf');
      writeFileSync(file, await decodePart((deserialize(readFileSync(path.join(cache, name))) as { objects: PartObjects }).objects).save({ useObjectStreams: false }));
      const tags = await readTags(file);
      expect(tags.textLeaves, name).toBe(0);
      expect(tags.held, name).toBeGreaterThan(0);
      expect(tags.mismatched, name).toEqual([]);
    }
  });

  it('takes every entry when built from another folder, its messages with the paths seen from there', () => {
    // (the first build ran in the repository: its messages named ../../…/book/ch02.md)
    const there = build(dir, cache, dir);
    const cold = build(dir, 'off');
    expect(there.epub.equals(cold.epub)).toBe(true);
    expect(there.pdf.equals(cold.pdf)).toBe(true);
    expect(there.timings).toMatchObject({ 'cache:chapter found': 5, 'cache:chapter made': 0, 'cache:epub found': 5, 'cache:epub made': 0, 'cache:part found': 4, 'cache:print found': 5 });
    expect(there.warnings.join('\n')).toMatch(/^ch02\.md\n\s*\d+:\d+-\d+:\d+\s+warning\s+class “nowhere”/m);
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
    // the EPUB's XHTML of the four chapters whose text and pages are unchanged
    expect(warm.timings).toMatchObject({ 'cache:epub found': 4, 'cache:epub made': 1 });
    // the front matter and the two parts without chapter 3
    expect(warm.timings['cache:part found']).toBe(3);
    expect(warm.timings['cache:part made']).toBe(1);
    // each chapter's print HTML but the edited one's
    expect(warm.timings).toMatchObject({ 'cache:print found': 4, 'cache:print made': 1 });
  });

  it('after a heading is added: the same bytes as a build without the cache, though later chapters’ print anchors moved', () => {
    // A Chinese heading's print anchor is numbered (a1, a2 …) through the book: one more in
    // chapter 2 moves the numbers of every later chapter's, whose kept HTML must not be used.
    edit(dir, 2, (p) => `## 新加的一节\n\n${p}`);
    const warm = build(dir, cache);
    const cold = build(dir, 'off');
    expect(warm.epub.equals(cold.epub)).toBe(true);
    expect(warm.pdf.equals(cold.pdf)).toBe(true);
    expect(warm.timings, JSON.stringify(warm.timings)).toMatchObject({ 'cache:print found': 1, 'cache:print made': 4 });
  });

  it('after an edit that moves every later page: the same bytes as a build without the cache', () => {
    // some three pages more in chapter 1
    edit(dir, 1, (p) => Array.from({ length: Math.ceil(2400 / p.length) }, () => p).join('\n\n'));
    const warm = build(dir, cache);
    const cold = build(dir, 'off');
    expect(warm.epub.equals(cold.epub)).toBe(true);
    expect(warm.pdf.equals(cold.pdf)).toBe(true);
    expect(warm.timings['cache:chapter found']).toBe(4);
    expect(warm.warnings).toEqual(cold.warnings);
    // the parts after chapter 1 and the front matter (its contents) are laid out again
    expect(warm.timings['cache:part made'], JSON.stringify(warm.timings)).toBeGreaterThan(1);
  });

  it('with entries damaged on disk: the same bytes as a build without the cache, and other files left alone', () => {
    const entries = readdirSync(cache);
    const parts = entries.filter((name) => name.startsWith('part-')).map((name) => ({ name, entry: deserialize(readFileSync(path.join(cache, name))) as { printedFor: string; pages: number; objects: PartObjects } }));
    const groups = parts.filter((part) => /^\d+$/.test(part.entry.printedFor)).sort((a, b) => Number(a.entry.printedFor) - Number(b.entry.printedFor));
    expect(groups.length).toBeGreaterThanOrEqual(3);
    // the last group: whole, but with a page count its objects do not have; the first: not an
    // entry; the second: its objects cut short (they do not read)
    writeFileSync(path.join(cache, groups.at(-1)?.name as string), serialize({ ...groups.at(-1)?.entry, pages: (groups.at(-1)?.entry.pages ?? 0) + 1 }));
    writeFileSync(path.join(cache, groups[0]?.name as string), serialize({}));
    const second = groups[1]?.entry as { objects: PartObjects };
    writeFileSync(path.join(cache, groups[1]?.name as string), serialize({ ...second, objects: { ...second.objects, ops: second.objects.ops.subarray(0, 1000) } }));
    const chapter = entries.find((name) => name.startsWith('chapter-')) as string;
    writeFileSync(path.join(cache, chapter), readFileSync(path.join(cache, chapter)).subarray(0, 100));
    writeFileSync(path.join(cache, 'notes.txt'), 'not the cache’s');
    const warm = build(dir, cache);
    const cold = build(dir, 'off');
    expect(warm.epub.equals(cold.epub)).toBe(true);
    expect(warm.pdf.equals(cold.pdf)).toBe(true);
    expect(readFileSync(path.join(cache, 'notes.txt'), 'utf8')).toBe('not the cache’s');
  });

  it('builds nothing from the cache with --no-cache', () => {
    const out = tempDir();
    const timings = path.join(out, 'timings.json');
    const run = inkstone(['build', dir, '--out', out, '--no-cache', '-q'], { env: { INKSTONE_BUILD_CACHE: cache, INKSTONE_TIMINGS: timings } });
    expect(run.status, run.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(timings, 'utf8'))).filter((key) => key.startsWith('cache:'))).toEqual([]);
  });
});

describe('the build cache folder', () => {
  it('prunes the least recently used entries past its limit, never another file, never one in use', async () => {
    const folder = tempDir('inkstone-cache-');
    const cache = BuildCache.open({ INKSTONE_BUILD_CACHE: folder }) as BuildCache;
    const keys = ['a', 'b', 'c'].map((input) => cache.key('chapter', input));
    for (const key of keys) await cache.put(key, { tree: { type: 'root', children: [] }, padding: 'x'.repeat(1000) });
    writeFileSync(path.join(folder, 'book.yaml'), 'title: not the cache’s\n'.repeat(200));
    const fresh = BuildCache.open({ INKSTONE_BUILD_CACHE: folder }) as BuildCache;
    expect(await fresh.read(keys[2] as string)).toBeDefined();
    await fresh.prune(1500);
    // a and b went (over the limit), c was used by this build, book.yaml is not the cache's
    expect(readdirSync(folder).sort()).toEqual(['book.yaml', keys[2]].sort());
  });

  it('takes an entry only whole and of its kind, and is off when asked', async () => {
    const folder = tempDir('inkstone-cache-');
    const cache = BuildCache.open({ INKSTONE_BUILD_CACHE: folder }) as BuildCache;
    const key = cache.key('fonts', 'x');
    await cache.put(key, { subsets: 'not a list' });
    expect(await cache.get(key, (value): value is { subsets: unknown[] } => Array.isArray((value as { subsets?: unknown }).subsets))).toBeUndefined();
    writeFileSync(path.join(folder, key), 'garbage');
    expect(await cache.read(key)).toBeUndefined();
    expect(cache.counts['fonts']).toEqual({ found: 0, made: 1 });
    for (const off of ['off', 'OFF', '0', 'false', 'none']) expect(BuildCache.open({ INKSTONE_BUILD_CACHE: off })).toBeUndefined();
  });
});

describe('a chapter as entries are named by it (inputOf)', () => {
  it('is its JSON without its file’s name, each number JSON has no form for written apart', () => {
    const chapter = (width: unknown) => ({ source: 'ch01.md', body: { type: 'element', properties: { width }, children: [{ type: 'text', value: '正文' }] } });
    const named = [Infinity, -Infinity, NaN, null, 12].map((width) => inputOf(chapter(width)));
    expect(new Set(named).size).toBe(5);
    expect(named[4]).toBe(JSON.stringify({ body: chapter(12).body }));
    expect(named[0]).toContain('"width":"Infinity"');
    // made once for each object (the EPUB's and the PDF's entries name the same chapters)
    const one = chapter(1);
    expect(inputOf(one)).toBe(inputOf(one));
  });
});

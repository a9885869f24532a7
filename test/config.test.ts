/**
 * What a manuscript says, checked in-process (loadManuscript): every path confined to the
 * manuscript folder, every configuration mistake one message naming the file, line, key, the
 * value found and what is allowed.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInkstoneError } from '../src/diagnostics/errors.js';
import { loadManuscript } from '../src/manuscript/load-manuscript.js';
import { tempDir } from './helpers/cli.js';

function manuscript(files: Record<string, string>): string {
  const dir = tempDir('inkstone-config-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** The one message loading `dir` fails with, as the CLI prints it (relative to `dir`). */
async function failure(dir: string): Promise<string> {
  try {
    await loadManuscript(dir, { cwd: dir });
  } catch (error) {
    if (isInkstoneError(error)) return error.format();
    throw error;
  }
  throw new Error('loaded without an error');
}

const chapter = '# 第一章\n\n正文。\n';
const book = (yaml: string, extra: Record<string, string> = {}) => manuscript({ 'book.yaml': yaml, 'a.md': chapter, ...extra });

describe('chapter paths stay inside the manuscript (they were read from anywhere)', () => {
  it('refuses ../, an absolute path and a file: URL, naming book.yaml’s line', async () => {
    const outside = manuscript({ 'ext.md': '# 外\n' });
    const dir = manuscript({ 'book.yaml': '', 'a.md': chapter });
    const cases: Array<[string, RegExp]> = [
      [path.relative(dir, path.join(outside, 'ext.md')), /it is outside the manuscript folder/],
      [path.join(outside, 'ext.md'), /an absolute path points outside/],
      [`file://${path.join(outside, 'ext.md')}`, /a file: URL points outside/],
    ];
    for (const [written, reason] of cases) {
      writeFileSync(path.join(dir, 'book.yaml'), `title: 书\nchapters:\n  - a.md\n  - ${written}\n`);
      const message = await failure(dir);
      expect(message, written).toMatch(/^book\.yaml:4:5: error: chapter “.*” refused: /);
      expect(message, written).toMatch(reason);
    }
  });

  it('refuses a symlink to a file and one through a folder that point out', async () => {
    const outside = manuscript({ 'ext.md': '# 外\n' });
    const dir = book('title: 书\nchapters: [a.md, host.md]\n');
    symlinkSync(path.join(outside, 'ext.md'), path.join(dir, 'host.md'));
    expect(await failure(dir)).toMatch(/^book\.yaml:2:\d+: error: chapter “host\.md” refused: it links to a file outside the manuscript folder/);
    const viaFolder = book('title: 书\nchapters: [a.md, sub/out/ext.md]\n');
    mkdirSync(path.join(viaFolder, 'sub'));
    symlinkSync(outside, path.join(viaFolder, 'sub/out'));
    expect(await failure(viaFolder)).toMatch(/chapter “sub\/out\/ext\.md” refused: it links to a file outside/);
  });

  it('keeps a symlink that stays inside', async () => {
    const dir = book('title: 书\nchapters: [b.md]\n');
    symlinkSync(path.join(dir, 'a.md'), path.join(dir, 'b.md'));
    expect((await loadManuscript(dir, { cwd: dir })).chapters).toHaveLength(1);
  });
});

describe('chapters', () => {
  it('a chapter listed twice is an error naming both places (it was built twice)', async () => {
    expect(await failure(book('title: 书\nchapters:\n  - a.md\n  - ./a.md\n'))).toBe('book.yaml:4:5: error: chapter “./a.md” is listed twice (first as “a.md” on line 3)  [chapter-duplicate]');
  });

  it('an empty chapter is a warning and left out (it was a blank page)', async () => {
    const loaded = await loadManuscript(book('title: 书\nchapters: [a.md, empty.md]\n', { 'empty.md': '\n\n' }), {});
    expect(loaded.chapters.map((file) => path.basename(file.path))).toEqual(['a.md']);
    expect(loaded.notices.messages.map((m) => [m.ruleId, m.reason])).toEqual([['chapter-empty', 'chapter “empty.md” is empty: left out of the book']]);
  });

  it('a chapter’s front matter gives its title, short title and kind; other keys are an error (it was dropped)', async () => {
    const loaded = await loadManuscript(book('title: 书\nchapters: [a.md, b.md]\n', { 'b.md': '---\ntitle: 附录\nkind: back\n---\n\n正文。\n' }), {});
    expect(loaded.chapters[1]?.data).toMatchObject({ title: '附录', kind: 'back' });
    const dir = book('title: 书\nchapters: [a.md, b.md]\n', { 'b.md': '---\nauthor: 某\n---\n\n正文。\n' });
    expect(await failure(dir)).toMatch(/^b\.md:2:1: error: unknown key “author” in a chapter's front matter: a chapter may set title, short-title and kind/);
  });
});

describe('configuration messages say the key, what was found and what is allowed', () => {
  const cases: Array<[string, string]> = [
    ['chapters: [a.md]', 'book.yaml:1:1: error: “title” is required: the book\'s title, e.g. “title: 书名”'],
    ['title: 书\nchapters:\n  - file: a.md\n    kind: chapter', 'book.yaml:4:11: error: “chapters.0.kind”: "chapter" is not allowed; use one of front, body, back, part'],
    ['title: 书\nchapters: a.md', 'book.yaml:2:11: error: “chapters” is a list: one item per line, each starting with “- ”; found "a.md"'],
    ['title: 书\nchapters: [3]', 'book.yaml:2:12: error: “chapters.0”: a chapter is a file name (“- 01.md”) or a mapping with file, title, short-title and kind; found 3'],
    ['title: 书\ncolophon: yes\nchapters: [a.md]', 'book.yaml:2:11: error: “colophon”: write true or false, not "yes"'],
    ['title: [甲, 乙]\nchapters: [a.md]', 'book.yaml:1:8: error: “title”: expected text, found a list'],
    ['title: 书\nlang: chinese\nchapters: [a.md]', 'book.yaml:2:7: error: “lang”: “chinese” is not a known language: did you mean “zh”?'],
    ['title: 书\nlang: 繁體中文\nchapters: [a.md]', 'book.yaml:2:7: error: “lang”: “繁體中文” is not a language tag: did you mean “zh-TW”?'],
    ['title: 书\ndate: 2025年3月\nchapters: [a.md]', 'book.yaml:2:7: error: “date”: “2025年3月” is not a date as EPUB needs it: write YYYY, YYYY-MM or YYYY-MM-DD, here “2025-03”'],
    ['title: 书\ndate: 2025-02-30\nchapters: [a.md]', 'book.yaml:2:7: error: “date”: “2025-02-30” has no day 30'],
    ['title: 书\npage:\n  size: 50 50\nchapters: [a.md]', 'book.yaml:3:9: error: “page.size”: 50 × 50 mm is not a page Inkstone sets: the width must be 80–1000 mm and the height 100–1000 mm (smaller, the margins leave no room for text; larger, Chromium cannot lay the page out)'],
    ['title: 书\npage:\n  size: 5000 5000\nchapters: [a.md]', 'book.yaml:3:9: error: “page.size”: 5000 × 5000 mm is not a page Inkstone sets: the width must be 80–1000 mm and the height 100–1000 mm (smaller, the margins leave no room for text; larger, Chromium cannot lay the page out)'],
  ];
  for (const [yaml, expected] of cases) {
    it(expected.replace(/^book\.yaml:\d+:\d+: error: /, ''), async () => {
      expect((await failure(book(`${yaml}\n`))).replace(/\s+\[[a-z-]+\]$/, '')).toBe(expected);
    });
  }

  it('accepts what is right: zh-Hant-TW, ja-JP, YYYY, YYYY-MM, a date and time, 130 184', async () => {
    for (const yaml of ['lang: zh-Hant-TW\ndate: 2025', 'lang: ja-JP\ndate: 2025-03', 'date: 2025-03-01T09:30:00+08:00\npage:\n  size: 130 184']) {
      await expect(loadManuscript(book(`title: 书\n${yaml}\nchapters: [a.md]\n`), {})).resolves.toBeDefined();
    }
  });
});

/**
 * Text split over a page break is printed once: the lines before the break on one page, the
 * rest on the next. Paged.js (0.4.3, pagedjs/pagedjs#208) found the source of the text node a
 * page breaks in by the first text node of its element that *contains* the rendered text, so
 * where a paragraph repeats a short text between links — 「<a>GNU</a> や <a>Linux</a> や …」 in
 * the Debian Reference in Japanese — the next page started again at the first 「 や 」 and the
 * lines between were printed twice (its pages 6–7).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, BuildSession } from '../src/build.js';
import { tempDir } from './helpers/cli.js';
import { haveTools, pdfText } from './helpers/tools.js';

describe.runIf(haveTools('chromium', 'poppler'))('a paragraph of links joined by the same word, over page breaks', () => {
  const session = new BuildSession(false);
  afterAll(() => session.close());

  it('prints every item once, in order', async () => {
    const dir = tempDir('inkstone-repeat-');
    mkdirSync(dir, { recursive: true });
    const items = Array.from({ length: 400 }, (_, i) => `[项目${i + 1}](https://example.com/${i + 1})`);
    writeFileSync(path.join(dir, 'a.md'), `# 第一章\n\n${items.join(' 和 ')}。\n`);
    writeFileSync(path.join(dir, 'book.yaml'), 'title: 重复的词\nlang: zh-CN\nchapters: [a.md]\n');
    const result = await build({ input: dir, formats: ['pdf'], cwd: dir, sourceDateEpoch: 1700000000, session });
    const pdf = path.join(dir, 'book.pdf');
    writeFileSync(pdf, result.editions[0]?.outputs.pdf ?? Buffer.alloc(0));
    // the body's text: running heads (the title, the chapter) and folios left out
    const text = pdfText(pdf)
      .split('\n')
      .filter((line) => !/^\s*(\d+|重复的词|第一章)\s*$/.test(line))
      .join('')
      .replace(/\s+/g, '');
    const seen = [...text.matchAll(/项目(\d+)/g)].map((match) => Number(match[1]));
    expect(seen).toEqual(items.map((_, i) => i + 1));
  }, 120_000);
});

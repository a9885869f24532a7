/**
 * Every combination of the layout keys (page.size × page.chapter-start × footnotes.numbering ×
 * writing-mode) over one book of several chapters, built in-process with one Chromium: each
 * must build, open its chapters where asked, number its notes as asked and pass the proof's
 * page rules. (`page.chapter-start: right` failed on any book of two chapters or more: the parts
 * it prints in were merged wrongly, and their blank pages fell after the chapter, not before.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, BuildSession } from '../src/build.js';
import { proofPdf } from '../src/proof/proof.js';
import { readProofPdf } from '../src/proof/read-pdf.js';
import { tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

const canRender = haveTools('chromium');

const paragraph = (n: number) => `第${n}段。${'天地玄黄，宇宙洪荒。日月盈昃，辰宿列张。'.repeat(6)}\n`;
const chapters: Record<string, string> = {
  'a.md': `# 第一章\n\n${paragraph(1)}\n引一条注。[^a]\n\n[^a]: 第一章的注。\n`,
  'b.md': `# 第二章\n\n${[1, 2, 3, 4, 5, 6, 7, 8].map(paragraph).join('\n')}\n再引一条注。[^b]\n\n[^b]: 第二章的注。\n`,
  'c.md': `# 第三章\n\n${paragraph(1)}\n第三条注。[^c]\n\n[^c]: 第三章的注。\n`,
  'p.md': '# 第一部\n',
};

function manuscript(size: string, start: string, numbering: string, mode: string): string {
  const dir = tempDir('inkstone-matrix-');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(chapters)) writeFileSync(path.join(dir, name), text);
  writeFileSync(
    path.join(dir, 'book.yaml'),
    `title: 排版组合\nwriting-mode: ${mode}\npage:\n  size: "${size}"\n  chapter-start: ${start}\nfootnotes:\n  numbering: ${numbering}\nchapters: [a.md, {file: p.md, kind: part}, b.md, c.md]\n`,
  );
  return dir;
}

const combinations = ['A5', 'B5', '130 184'].flatMap((size) =>
  ['any', 'right'].flatMap((start) =>
    ['book', 'chapter'].flatMap((numbering) => ['horizontal-tb', 'vertical-rl'].map((mode) => ({ size, start, numbering, mode }))),
  ),
);

describe.skipIf(!canRender)('every combination of size, chapter start, note numbering and writing mode', () => {
  const session = new BuildSession(false);
  afterAll(() => session.close());

  it.each(combinations)('$size, chapter-start $start, numbering $numbering, $mode', async ({ size, start, numbering, mode }) => {
    const dir = manuscript(size, start, numbering, mode);
    const result = await build({ input: dir, formats: ['pdf'], cwd: dir, sourceDateEpoch: 1700000000, session });
    const data = result.editions[0]?.outputs.pdf;
    if (!data) throw new Error('no PDF');
    const read = await readProofPdf(data.slice());
    // 第一章, the part 第一部 (with 第二章 and 第三章 under it in the bookmarks)
    const part = read.outline.find((entry) => entry.title === '第一部');
    const openings = read.outline.filter((entry) => entry.title.startsWith('第') && entry.title.endsWith('章')).map((entry) => entry.page);
    expect(openings).toHaveLength(3);
    if (start === 'right') expect(openings.every((page) => page % 2 === 1)).toBe(true);
    // A part opens on a recto, and its page has no running head or folio: only its title.
    expect((part?.page ?? 0) % 2).toBe(1);
    const partText = read.pages[(part?.page ?? 0) - 1]?.glyphs.map((g) => g.text).join('');
    expect(partText).toBe('第一部');
    // The note calls, in order: restarted in every chapter, or numbered through the book.
    const text = read.pages.map((page) => page.glyphs.map((g) => g.text).join('')).join('\n');
    for (const [i, note] of ['第一章的注', '第二章的注', '第三章的注'].entries()) {
      expect(text).toMatch(new RegExp(`${numbering === 'chapter' ? 1 : i + 1}\\s*${note}`, 'u'));
    }
    const proof = await proofPdf(data, { vertical: mode === 'vertical-rl', pdfName: 'book.pdf' });
    expect(proof.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 60_000);
});

describe.skipIf(!canRender)('a table and its title where the page ends', () => {
  const session = new BuildSession(false);
  afterAll(() => session.close());

  // The table lands at every height of the page in turn: its title and header row never stay at
  // the foot without a row of the body (they did: Debian Reference zh-TW, pages 37, 74, 101).
  it.each([14, 15, 16, 17, 18, 19, 20, 21])('after %i lines of text', async (lines) => {
    const dir = tempDir('inkstone-table-foot-');
    const filler = Array.from({ length: lines }, (_, i) => `第${i + 1}行。${'天地玄黄宇宙洪荒日月盈昃辰宿列张'.repeat(2)}`).join('\n\n');
    const rows = Array.from({ length: 6 }, (_, i) => `| 项目${i + 1} | 说明${i + 1} |`).join('\n');
    writeFileSync(path.join(dir, 'a.md'), `---\ntitle: 表格\n---\n\n# 表格\n\n${filler}\n\n**表格 1. 一个表格**\n\n| 名称 | 说明 |\n| --- | --- |\n${rows}\n`);
    const result = await build({ input: path.join(dir, 'a.md'), formats: ['pdf'], cwd: dir, sourceDateEpoch: 1700000000, session });
    const data = result.editions[0]?.outputs.pdf;
    if (!data) throw new Error('no PDF');
    const pages = (await readProofPdf(data.slice())).pages.map((page) => page.glyphs.map((g) => g.text).join(''));
    const title = pages.findIndex((text) => /表格\s*1\.\s*一个表格/u.test(text));
    expect(title).toBeGreaterThanOrEqual(0);
    expect(pages[title]).toMatch(/名称\s*说明/u);
    expect(pages[title]).toMatch(/项目1/u);
  }, 60_000);
});

/**
 * `inkstone proof`: a book made to break each rule (test/fixtures/proof-defects) is built as a
 * user would, read back, and each rule must be reported on the page where its defect is. Rules
 * that Inkstone's own layout no longer lets a manuscript break (orphans, notes away from their
 * calls, contents that give a wrong page) are tested on pages made by hand. The seed book must
 * come out clean (test/e2e/seed-book.test.ts).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext, comparable } from '../src/proof/context.js';
import type { Glyph, ProofPage, ProofPdf } from '../src/proof/read-pdf.js';
import { readProofPdf } from '../src/proof/read-pdf.js';
import { contents, notesAway } from '../src/proof/rules-page.js';
import { widowsAndOrphans } from '../src/proof/rules-text.js';
import type { StructElement, StructureMap } from '../src/proof/structure.js';
import { inkstone, listFiles, repoRoot, tempDir } from './helpers/cli.js';
import { haveTools } from './helpers/tools.js';

const fixture = path.join(repoRoot, 'test/fixtures/proof-defects');
const canRender = haveTools('chromium');

interface Finding {
  rule: string;
  severity: string;
  page: number;
  message: string;
  file: string;
  line?: number;
}

describe.skipIf(!canRender)('inkstone proof on a book made to break its rules', () => {
  let findings: Finding[];
  let pageTexts: string[];
  let out: string;
  let firstChapter: number;
  /** The first page, after the contents, that holds `text`. */
  const pageOf = (text: string) => pageTexts.findIndex((t, i) => i + 1 >= firstChapter && t.includes(comparable(text))) + 1;
  const pagesOf = (rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.page);

  beforeAll(async () => {
    out = tempDir();
    const built = inkstone(['build', fixture, '--out', out, '--format', 'pdf', '--quiet']);
    expect(built.status).toBe(0);
    const proof = inkstone(['proof', fixture, '--pdf', path.join(out, 'book.pdf'), '--json']);
    expect(proof.status).toBe(1); // errors among the findings
    findings = JSON.parse(proof.stdout).editions[0].findings;
    const pdf = await readProofPdf(path.join(out, 'book.pdf'));
    pageTexts = pdf.pages.map((p) => comparable(p.glyphs.map((g) => g.text).join('')));
    firstChapter = Math.min(...pdf.outline.map((e) => e.page));
  });

  it('running-head-wraps: the too-long book title on the left-hand pages', () => {
    // Chapter openings have no running head; the left-hand pages a chapter runs over do.
    const pages = pagesOf('running-head-wraps');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.every((p) => p % 2 === 0)).toBe(true);
    const openings = ['拉伸', '禁则', '孤字', '缺字', '标题滞留', '孤行', '表格', '宽表'].map(pageOf);
    expect(pages.some((p) => openings.includes(p))).toBe(false);
  });

  it('overflow: a table of long words wider than the text block', () => {
    expect(pagesOf('overflow')).toContain(pageOf('宽表'));
    expect(findings.find((f) => f.rule === 'overflow' && f.file.endsWith('wide.md'))?.line).toBe(5);
  });

  it('line-stretched: Chinese text spread before a word too long for the line', () => {
    expect(pagesOf('line-stretched')).toEqual([pageOf('Pneumonoultramicroscopic')]);
  });

  it('heading-stranded: a heading left at the foot of the page, its code block overleaf', () => {
    // Three headings, each after a few more lines: Paged.js keeps some with their code, not all.
    const stranded = ['代码前的标题16', '代码前的标题17', '代码前的标题18'].map(pageOf);
    const found = pagesOf('heading-stranded');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((page) => stranded.includes(page))).toBe(true);
  });

  it('widow: the last line of a paragraph alone at the top of a page', () => {
    expect(pagesOf('widow')).toEqual([pageOf('孤行') + 1]);
  });

  it('single-char-line: a paragraph ending in one character and its full stop', () => {
    expect(pagesOf('single-char-line')).toEqual([pageOf('孤字')]);
  });

  it('kinsoku: a line starting with 。, named by file and line', () => {
    const found = findings.filter((f) => f.rule === 'kinsoku');
    expect(found.map((f) => f.page)).toEqual([pageOf('禁则')]);
    expect(found[0]).toMatchObject({ file: expect.stringMatching(/kinsoku\.md$/), line: 3 });
  });

  it('table-row-split: rows of a long table broken across pages', () => {
    const pages = pagesOf('table-row-split');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((p) => p >= pageOf('表格') && p < pageOf('宽表'))).toBe(true);
  });

  it('glyph-blank: Hangul and CJK Extension B that the face lacks', () => {
    const found = findings.filter((f) => f.rule === 'glyph-blank');
    expect(found.map((f) => f.page)).toEqual([pageOf('缺字')]);
    expect(found[0]?.message).toContain('5 characters printed blank');
  });

  it('prints findings as file:line:column with the page, and --strict proofs the PDF', () => {
    const text = inkstone(['proof', fixture, '--pdf', path.join(out, 'book.pdf')]);
    expect(text.stderr).toMatch(/kinsoku\.md\n\s*3:\d+\s+warning\s+page \d+: line starts with “。”/);
    const strictOut = path.join(out, 'strict');
    const strict = inkstone(['build', fixture, '--out', strictOut, '--format', 'pdf', '--strict', '--quiet']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('line-stretched');
    expect(strict.stderr).toMatch(/warnings? with --strict: nothing written/);
    expect(listFiles(strictOut)).toEqual([]);
  });
});

describe.skipIf(!canRender)('emphasis marks (着重号, sesame dots), which no text node holds', () => {
  it('are inked: the embedded face carries them (found by the proof in the Japanese corpus book)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ja.md'), '---\ntitle: 強調\nlang: ja\n---\n\n# 強調\n\nこれは*重要*な文です。\n');
    const proof = inkstone(['proof', path.join(dir, 'ja.md'), '--json']);
    const findings = JSON.parse(proof.stdout).editions[0].findings as Finding[];
    expect(findings.filter((f) => f.rule === 'glyph-blank')).toEqual([]);
  });
});

/** Pages made by hand, for rules a manuscript cannot break any more. */
describe('proof rules on pages made by hand', () => {
  const size = 10.5;
  let nextId = 1;
  const element = (role: string): StructElement => ({ id: nextId++, role, parent: undefined });
  function line(text: string, x: number, y: number, mcid: number): Glyph[] {
    return [...text].map((char, i) => ({ text: char, x0: x + i * size, x1: x + (i + 1) * size, y0: y - 0.12 * size, y1: y + 0.88 * size, size, font: 'F', blank: false, mcid, advance: size, vertical: false }));
  }
  function page(number: number, glyphs: Glyph[], extra: Partial<ProofPage> = {}): ProofPage {
    return { number, width: 420, height: 595, glyphs, images: [], drawings: [], links: [], ...extra };
  }

  it('orphan: the first line of a paragraph alone at the foot of a page', () => {
    const p1 = element('P');
    const p2 = element('P');
    const p3 = element('P');
    // A5 text block: x 51–369 on a right-hand page, 42.5–360.5 on a left-hand one; y 62–538.
    const full = '一'.repeat(30);
    const pages = [
      page(1, [...line(full, 51, 500, 0), ...line('二'.repeat(10), 51, 481, 0), ...line(full.slice(1), 72, 80, 1)]),
      page(2, [...line(full, 42.5, 500, 0), ...line('三'.repeat(8), 42.5, 481, 0), ...line('四'.repeat(28), 63.5, 462, 1)]),
    ];
    const structure: StructureMap = new Map([
      [1, new Map([[0, p1], [1, p2]])],
      [2, new Map([[0, p2], [1, p3]])],
    ]);
    const findings = widowsAndOrphans(createContext({ pages, outline: [], type3Fonts: [] }, structure, false));
    expect(findings.map((f) => [f.rule, f.page])).toEqual([['orphan', 1]]);
  });

  it('note-away: a note printed on another page than its call, or on none', () => {
    const pages = [
      page(1, line('正文', 51, 500, 0), { links: [{ x0: 60, y0: 500, x1: 64, y1: 510, dest: 'fn-1', destPage: 2 }, { x0: 60, y0: 480, x1: 64, y1: 490, dest: 'fn-2' }] }),
      page(2, line('注释', 42.5, 80, 0), { links: [{ x0: 42.5, y0: 80, x1: 47, y1: 90, dest: 'fnref-1', destPage: 1 }] }),
    ];
    const pdf: ProofPdf = { pages, outline: [], type3Fonts: [] };
    const findings = notesAway(createContext(pdf, undefined, false));
    expect(findings.map((f) => [f.rule, f.page, f.message])).toEqual([
      ['note-away', 1, 'note 2 is on no page'],
      ['note-away', 2, 'note 1 is on page 2, not on page 1 where it is cited'],
    ]);
  });

  it('contents: a long entry wrapped under its first line, its page number on that line, is one entry', () => {
    const h1 = element('H1');
    const pages = [
      page(1, [...line('一个很长的标题', 51, 500, -1), ...line('9', 360, 500, -1), ...line('还没完', 51, 481, -1)], {
        links: [{ x0: 51, y0: 479, x1: 370, y1: 512, dest: 'a1', destPage: 3 }],
      }),
      page(2, []),
      page(3, [...line('一个很长的标题还没完', 51, 500, 0)]),
    ];
    const structure: StructureMap = new Map([[3, new Map([[0, h1]])]]);
    const outline = [{ title: '一个很长的标题还没完', page: 3, level: 1 }];
    const findings = contents(createContext({ pages, outline, type3Fonts: [] }, structure, false));
    expect(findings.map((f) => f.message)).toEqual(['the contents give page 9 for “一个很长的标题还没完”, which is on page 3']);
  });

  it('contents: a wrong page number, a heading missing from the contents and from the bookmarks', () => {
    const h1 = element('H1');
    const h2 = element('H1');
    const h3 = element('H2');
    const pages = [
      page(1, [...line('第一章', 51, 500, -1), ...line('9', 360, 500, -1)], { links: [{ x0: 51, y0: 498, x1: 370, y1: 512, destPage: 3 }] }),
      page(2, []),
      page(3, line('第一章', 51, 500, 0)),
      page(4, [...line('第二章', 42.5, 500, 0), ...line('小节', 42.5, 400, 1)]),
    ];
    const structure: StructureMap = new Map([
      [3, new Map([[0, h1]])],
      [4, new Map([[0, h2], [1, h3]])],
    ]);
    const outline = [{ title: '第一章', page: 3, level: 1 }, { title: '第二章', page: 3, level: 1 }];
    const findings = contents(createContext({ pages, outline, type3Fonts: [] }, structure, false));
    expect(findings.map((f) => [f.page, f.message])).toEqual([
      [1, 'the contents give page 9 for “第一章”, which is on page 3'],
      [4, 'heading “第二章” is missing from the contents'],
      [4, 'the bookmark “第二章” points to page 3, but the heading is on page 4'],
      [4, 'heading “小节” is missing from the contents'],
      [4, 'heading “小节” has no bookmark'],
    ]);
  });
});

/**
 * `inkstone proof`: a book made to break each rule (test/fixtures/proof-defects) is built as a
 * user would, read back, and each rule must be reported on the page where its defect is. Rules
 * that Inkstone's own layout no longer lets a manuscript break (orphans, notes away from their
 * calls, contents that give a wrong page) are tested on pages made by hand. The seed book must
 * come out clean (test/e2e/seed-book.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContext, comparable } from '../src/proof/context.js';
import { textContinuity } from '../src/proof/rules-flow.js';
import type { Glyph, ProofPage, ProofPdf } from '../src/proof/read-pdf.js';
import { readProofPdf } from '../src/proof/read-pdf.js';
import { blankGlyphs, contents, notesAway, overflow, runningHeads, type3Fonts } from '../src/proof/rules-page.js';
import { smallHeadings, strandedHeadings, strandedLeadIns } from '../src/proof/rules-headings.js';
import { kinsoku, shortPageEnds, singleCharLines, stretchedLines, tableRowsSplit, widowsAndOrphans } from '../src/proof/rules-text.js';
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
  let rawTexts: string[];
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
    expect(proof.status).toBe(0); // warnings only: what Inkstone cannot mend by itself
    findings = JSON.parse(proof.stdout).editions[0].findings;
    const pdf = await readProofPdf(path.join(out, 'book.pdf'));
    rawTexts = pdf.pages.map((p) => p.glyphs.map((g) => g.text).join(''));
    pageTexts = rawTexts.map(comparable);
    firstChapter = Math.min(...pdf.outline.map((e) => e.page));
  });

  it('running heads: the too-long book title stays on one line, cut with an ellipsis (it wrapped before)', () => {
    expect(pagesOf('running-head-wraps')).toEqual([]);
    const left = pageTexts.findIndex((t, i) => i + 1 > firstChapter && (i + 1) % 2 === 0 && t.startsWith(comparable('校对规则测试书')));
    expect(left).toBeGreaterThan(0);
    expect(rawTexts[left]).toMatch(/^校对规则测试书[^\n]*…/u);
  });

  it('tables: long words break inside their cells, a table never runs past the text block (it did before)', () => {
    expect(pagesOf('overflow')).toEqual([]);
    expect(pageTexts[pageOf('宽表') - 1]).toContain('Supercalifr');
  });

  it('images: a lone image is a block figure inside the text block, a phone screenshot fits the page with its caption (both ran past before)', async () => {
    const pdf = await readProofPdf(path.join(out, 'book.pdf'));
    const phone = pdf.pages.find((p) => p.images.some((i) => i.height === 2340));
    expect(phone).toBeDefined();
    expect(rawTexts[(phone?.number ?? 0) - 1]).toContain('手机截图');
    expect(findings.filter((f) => f.rule === 'overflow' && f.page >= pageOf('插图'))).toEqual([]);
    expect(pdf.pages.flatMap((p) => p.images).length).toBe(4);
  });

  it('image-resolution: a 300 px image printed at 96 ppi, twice', () => {
    expect(findings.filter((f) => f.rule === 'image-resolution').map((f) => f.message)).toEqual(Array(2).fill(`page ${pageOf('两张小图')}: image (300×200 px) printed at 96 ppi, below 150: give a larger image, or print it smaller`));
  });

  it('a Latin word too long for the line is hyphenated, not left to spread the Chinese text before it (it was, before)', () => {
    expect(pagesOf('line-stretched')).toEqual([]);
    expect(rawTexts[pageOf('拉伸') - 1]).toMatch(/Pneu\s*mo\s*noul\s*tra\s*-\s*mi/u);
  });

  it('headings keep two lines of what follows: none left at a page foot (three headings before code blocks were, before)', () => {
    expect(pagesOf('heading-stranded')).toEqual([]);
  });

  it('no widow: a three-line paragraph does not leave its last line alone overleaf (it did before)', () => {
    expect(pagesOf('widow')).toEqual([]);
    expect(pagesOf('orphan')).toEqual([]);
  });

  it('no paragraph ends in a line of one character (孤字): the last two stay together (the fixture had one, before)', () => {
    expect(pagesOf('single-char-line')).toEqual([]);
    expect(rawTexts[pageOf('孤字') - 1]).toMatch(/西\s*九。/u);
  });

  it('kinsoku: a line starting with 。, named by file and line', () => {
    const found = findings.filter((f) => f.rule === 'kinsoku');
    expect(found.map((f) => f.page)).toEqual([pageOf('禁则')]);
    expect(found[0]).toMatchObject({ file: expect.stringMatching(/kinsoku\.md$/), line: 3 });
  });

  it('tables: no row broken across pages, and each continued page repeats the header under 续表 (before: rows split, no header)', () => {
    expect(pagesOf('table-row-split')).toEqual([]);
    const first = pageOf('表格');
    const continued = rawTexts.map((t, i) => i + 1).filter((p) => p > first && p < pageOf('宽表'));
    expect(continued.length).toBeGreaterThan(1);
    for (const p of continued) expect(rawTexts[p - 1]).toMatch(/续表\s*名称\s*说明\s*备注/u);
  });

  it('glyph-blank: none — Hangul and Extension B print in the faces of the chain, and a character no face has prints as 〓 (before: Hangul blank)', () => {
    expect(findings.filter((f) => f.rule === 'glyph-blank')).toEqual([]);
    expect(rawTexts[pageOf('缺字') - 1]).toContain('한국어和扩展B𠮷𬌗字，没有字体的线形文字〓。');
  });

  it('prints findings as file:line:column with the page, and --strict proofs the PDF', () => {
    const text = inkstone(['proof', fixture, '--pdf', path.join(out, 'book.pdf')]);
    expect(text.stderr).toMatch(/kinsoku\.md\n\s*3:\d+\s+warning\s+page \d+: line starts with “。”/);
    const strictOut = path.join(out, 'strict');
    const strict = inkstone(['build', fixture, '--out', strictOut, '--format', 'pdf', '--strict', '--quiet']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('kinsoku');
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

  it('orphan: none where a paragraph’s first line opens with inline code (it was read as a code block: the Debian FAQ p. 103, Reference zh-TW p. 110)', () => {
    const p1 = element('P');
    const p2 = element('P');
    const code: StructElement = { id: nextId++, role: 'Code', parent: p2 };
    const full = '一'.repeat(30);
    // p2's first line starts with `/etc/rcN.d/` (mcid 1, its Code), its second is plain text (mcid 2)
    const pages = [
      page(1, [...line(full, 51, 500, 0), ...line('二'.repeat(10), 51, 481, 0), ...line('/etc/rcN.d/', 72, 100, 1), ...line('中任何目录的脚本'.repeat(2), 188, 100, 2), ...line(`${full}一`, 51, 80, 2)]),
      page(2, [...line('三'.repeat(8), 42.5, 500, 2), ...line('四'.repeat(28), 63.5, 481, 3)]),
    ];
    const structure: StructureMap = new Map([
      [1, new Map([[0, p1], [1, code], [2, p2]])],
      [2, new Map([[2, p2], [3, element('P')]])],
    ]);
    const findings = widowsAndOrphans(createContext({ pages, outline: [], type3Fonts: [] }, structure, false));
    expect(findings.filter((f) => f.rule === 'orphan').map((f) => [f.rule, f.page])).toEqual([]);
  });

  it('page-end-short: a page ending in a short line while its paragraph goes on overleaf; not where the book’s text ends a block there', () => {
    const p1 = element('P');
    const p2 = element('P');
    const structure: StructureMap = new Map([
      [1, new Map([[0, p1]])],
      [2, new Map([[0, p1], [1, p2]])],
    ]);
    const full = '春眠不觉晓处处闻啼鸟夜来风雨声花落知多少床前明月光疑是地上霜举头';
    const pages = [
      page(1, [...line(full.slice(0, 31), 51, 500, 0), ...line('望明月低头思故乡白日依山尽黄河入海流欲穷千里目更上', 51, 481, 0)]),
      page(2, [...line('一层楼', 42.5, 500, 0), ...line('四'.repeat(28), 63.5, 481, 1)]),
    ];
    const found = shortPageEnds(createContext({ pages, outline: [], type3Fonts: [] }, structure, false));
    expect(found.map((f) => [f.rule, f.page])).toEqual([['page-end-short', 1]]);
    // the book's text has a block end there (the next page opens a list item, a label …)
    const book = `${full.slice(0, 31)}望明月低头思故乡白日依山尽黄河入海流欲穷千里目更上\n一层楼\n${'四'.repeat(28)}`;
    expect(shortPageEnds(createContext({ pages, outline: [], type3Fonts: [] }, structure, false, 2, undefined, book))).toEqual([]);
  });

  it('text-continuity: a line printed on no page, a line printed twice, and a clean break', () => {
    const p = element('P');
    const structure: StructureMap = new Map([1, 2, 3, 4].map((n) => [n, new Map([[0, p]])]));
    const book = '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。床前明月光，疑是地上霜。举头望明月，低头思故乡。白日依山尽，黄河入海流。欲穷千里目，更上一层楼。';
    const pages = [
      page(1, [...line('春眠不觉晓，处处闻啼鸟。', 51, 500, 0), ...line('夜来风雨声，花落知多少。', 51, 481, 0)]),
      // 床前明月光，疑是地上霜。 is on no page
      page(2, [...line('举头望明月，低头思故乡。', 42.5, 500, 0), ...line('白日依山尽，', 42.5, 481, 0)]),
      // 白日依山尽， again atop the next page
      page(3, [...line('白日依山尽，黄河入海流。', 51, 500, 0)]),
      page(4, [...line('欲穷千里目，更上一层楼。', 42.5, 500, 0)]),
    ];
    const ctx = createContext({ pages, outline: [], type3Fonts: [] }, structure, false, 2, undefined, book);
    expect(textContinuity(ctx).map((f) => [f.page, f.message])).toEqual([
      [1, '10 characters of text are printed on no page between pages 1 and 2: “床前明月光，疑是地上霜。”'],
      [3, 'text printed twice, at the foot of page 2 and the top of page 3: “白日依山尽，”'],
    ]);
    // Without the book's text (a PDF read alone), nothing to compare with.
    expect(textContinuity(createContext({ pages, outline: [], type3Fonts: [] }, structure, false))).toEqual([]);
  });

  it('kinsoku: a page that opens on a closing mark cut from the paragraph on the page before (the 300k book: 63 pages)', () => {
    const p1 = element('P');
    const structure: StructureMap = new Map([
      [1, new Map([[0, p1]])],
      [2, new Map([[0, p1]])],
    ]);
    const pages = [
      page(1, [...line('一'.repeat(30), 51, 500, 0), ...line('上只质不成数自'.padEnd(30, '二'), 51, 481, 0)]),
      // the continuation starts at the block's edge (42.5 on a verso), with ；
      page(2, [...line('；加关强较心说就并作理题用者就理从因形展所', 42.5, 500, 0)]),
    ];
    const found = kinsoku(createContext({ pages, outline: [], type3Fonts: [] }, structure, false));
    expect(found.map((f) => [f.page, f.message.slice(0, 14)])).toEqual([[2, 'page starts wi']]);
    // a new paragraph (indented) that starts so is the manuscript's, not a cut
    const indented = [pages[0]!, page(2, [...line('；加关强较心说就', 63.5, 500, 0)])];
    expect(kinsoku(createContext({ pages: indented, outline: [], type3Fonts: [] }, structure, false))).toEqual([]);
  });

  it('kinsoku: not a page or line that opens with a file suffix (“.deb 文件”, the Debian FAQ p. 82), nor a code block line ending in “{” (p. 95)', () => {
    const p1 = element('P');
    const code = element('Code');
    const structure: StructureMap = new Map([
      [1, new Map([[0, p1], [1, code]])],
      [2, new Map([[0, p1]])],
    ]);
    const pages = [
      page(1, [...line('一'.repeat(30), 51, 500, 0), ...line('指定的源里安装'.padEnd(30, '二'), 51, 481, 0), ...line('/var/log/dpkg {', 51, 400, 1), ...line('  missingok', 51, 381, 1)]),
      page(2, [...line('.deb文件。apt-get从配置的源中下载完', 42.5, 500, 0), ...line('.deb档案后会直接调用', 42.5, 481, 0)]),
    ];
    expect(kinsoku(createContext({ pages, outline: [], type3Fonts: [] }, structure, false))).toEqual([]);
  });

  it('text-continuity reads a vertical book in columns, right to left (Chromium sets each glyph with a horizontal font)', () => {
    const p = element('P');
    const structure: StructureMap = new Map([1, 2].map((n) => [n, new Map([[0, p]])]));
    const book = '春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。床前明月光，疑是地上霜。举头望明月，低头思故乡。';
    // a column: glyphs stepped down the page at one x
    const column = (text: string, x: number): Glyph[] =>
      [...text].map((char, i) => ({ text: char, x0: x, x1: x + size, y0: 500 - (i + 1) * size, y1: 500 - i * size, size, font: 'F', blank: false, mcid: 0, advance: size, vertical: false }));
    const pages = [
      page(1, [...column('春眠不觉晓，处处闻啼鸟。', 340), ...column('夜来风雨声，花落知多少。', 320)]),
      page(2, [...column('举头望明月，低头思故乡。', 340)]),
    ];
    const ctx = createContext({ pages, outline: [], type3Fonts: [] }, structure, true, 2, undefined, book);
    expect(ctx.pages[0]?.body.map((l) => l.text)).toEqual(['春眠不觉晓，处处闻啼鸟。', '夜来风雨声，花落知多少。']);
    expect(textContinuity(ctx).map((f) => [f.page, f.message])).toEqual([[1, '10 characters of text are printed on no page between pages 1 and 2: “床前明月光，疑是地上霜。”']]);
  });

  it('text-continuity: a character no face has (〓) at a break is not text lost; a lost 𠮷 is quoted whole', () => {
    const p = element('P');
    const structure: StructureMap = new Map([1, 2, 3].map((n) => [n, new Map([[0, p]])]));
    const book = '没有字体的线形文字𐀀。标题滞留的段落文字。𠮷野家的牛肉饭很好吃。最后一页的文字。';
    const pages = [
      page(1, [...line('没有字体的线形文字〓。', 51, 500, 0)]),
      page(2, [...line('标题滞留的段落文字。', 42.5, 500, 0)]),
      page(3, [...line('最后一页的文字。', 51, 500, 0)]),
    ];
    const ctx = createContext({ pages, outline: [], type3Fonts: [] }, structure, false, 2, undefined, book);
    expect(textContinuity(ctx).map((f) => [f.page, f.message])).toEqual([[2, '10 characters of text are printed on no page between pages 2 and 3: “𠮷野家的牛肉饭很好吃。”']]);
  });

  it('heading-small: a heading set smaller than the text, once for its two lines; not its emphasis dots', () => {
    const h5 = element('H5');
    const h2 = element('H2');
    const p = element('P');
    const small = (text: string, y: number, glyphSize: number) => line(text, 51, y, 0).map((g) => ({ ...g, size: glyphSize }));
    const pages = [
      page(1, [
        ...line('正文的段落，正文的段落。', 51, 520, 2),
        ...small('小标题的第一行', 500, 8.7),
        ...small('和第二行', 486, 8.7),
        ...small('••••', 470, 6.7).map((g) => ({ ...g, mcid: 1 })),
        ...line('大标题', 51, 450, 1),
        ...line('正文的段落，正文的段落。', 51, 430, 2),
      ]),
    ];
    const structure: StructureMap = new Map([[1, new Map([[0, h5], [1, h2], [2, p]])]]);
    const findings = smallHeadings(createContext({ pages, outline: [], type3Fonts: [] }, structure, false));
    expect(findings.map((f) => [f.rule, f.page, f.message])).toEqual([['heading-small', 1, 'heading “小标题的第一行” is set at 8.7 pt, smaller than the text (10.5 pt)']]);
  });

  it('lead-in-stranded: a one-line lead-in ending in a comma or colon at the foot, its code block or list overleaf (the Debian FAQ p. 105); not a sentence’s end, nor a paragraph’s last line', () => {
    const full = '一'.repeat(30);
    const list = element('L');
    const item: StructElement = { id: nextId++, role: 'LBody', parent: { id: nextId++, role: 'LI', parent: list } };
    const found = (lead: string, leadAlone = true, overleaf: StructElement = element('Code'), leadBlock = element('P')) => {
      const [p1, lead1, code] = [element('P'), leadBlock, overleaf];
      const pages = [
        page(1, [...line(full, 51, 500, 0), ...line('二'.repeat(10), 51, 481, 0), ...line(lead, 72, 462, leadAlone ? 1 : 0)]),
        page(2, [...line('command -v', 42.5, 520, 2), ...line(full, 42.5, 501, 3)]),
      ];
      const structure: StructureMap = new Map([
        [1, new Map([[0, p1], [1, lead1]])],
        [2, new Map([[2, code], [3, element('P')]])],
      ]);
      return strandedLeadIns(createContext({ pages, outline: [], type3Fonts: [] }, structure, false)).map((f) => [f.rule, f.page]);
    };
    expect(found('作为替代，')).toEqual([['lead-in-stranded', 1]]);
    expect(found('运行下面的命令：')).toEqual([['lead-in-stranded', 1]]);
    expect(found('作为替代。')).toEqual([]);
    expect(found('作为替代，', false)).toEqual([]);
    // before a list (the FAQ: 「作为替代，」 over 「1. 执行：」 and the command); not a list's items
    expect(found('作为替代，', true, item)).toEqual([['lead-in-stranded', 1]]);
    // (a list split by the page is two lists in the structure: the FAQ p. 53's “woody 是牛仔胡迪，”)
    expect(found('苹果，', true, item, { id: nextId++, role: 'LBody', parent: { id: nextId++, role: 'LI', parent: element('L') } })).toEqual([]);
  });

  it('heading-stranded and widow: a heading at the foot, the last line of a paragraph alone overleaf', () => {
    const [h, p1, p2] = [element('H2'), element('P'), element('P')];
    const full = '一'.repeat(30);
    const pages = [
      page(1, [...line(full, 51, 500, 0), ...line('二'.repeat(10), 51, 481, 0), ...line('标题', 51, 440, 1)]),
      page(2, [...line(full, 42.5, 520, 2), ...line('三'.repeat(8), 42.5, 501, 2), ...line(full.slice(1), 63.5, 482, 3), ...line(full, 42.5, 463, 3)]),
    ];
    const structure: StructureMap = new Map([
      [1, new Map([[0, p1], [1, h]])],
      [2, new Map([[2, p2], [3, element('P')]])],
    ]);
    const ctx = createContext({ pages, outline: [], type3Fonts: [] }, structure, false);
    expect(strandedHeadings(ctx).map((f) => [f.rule, f.page])).toEqual([['heading-stranded', 1]]);
    const pages2 = [
      // a recto's text block is 51–377.5 wide: 31 ideographs
      page(1, [...line('一'.repeat(29), 72, 500, 0), ...line('一'.repeat(31), 51, 481, 0)]),
      page(2, [...line('四'.repeat(8), 42.5, 520, 0), ...line(full.slice(1), 63.5, 501, 1), ...line(full, 42.5, 482, 1)]),
    ];
    const structure2: StructureMap = new Map([
      [1, new Map([[0, p1]])],
      [2, new Map([[0, p1], [1, p2]])],
    ]);
    const findings = widowsAndOrphans(createContext({ pages: pages2, outline: [], type3Fonts: [] }, structure2, false));
    expect(findings.map((f) => [f.rule, f.page])).toEqual([['widow', 2]]);
  });

  it('line-stretched: ideographs spread 0.5 em apart on a full line, and word spaces of 1 em', () => {
    const spread = [...'一二三四五六七八九十一二三四五六七八九十一'].map((char, i) => ({ ...line(char, 51 + i * 15.75, 500, 0)[0]! }));
    const words = [...'ab cd ef gh ij kl mn op qr st uv wx yz ab cd ef gh ij kl mn'].map((char, i) => ({ ...line(char, 51 + i * 5.6, 470, 1)[0]!, advance: 5.25, x1: 51 + i * 5.6 + 5.25, text: char }));
    const pages = [page(1, [...spread, ...words])];
    const findings = stretchedLines(createContext({ pages, outline: [], type3Fonts: [] }, new Map([[1, new Map([[0, element('P')], [1, element('P')]])]]), false));
    expect(findings.map((f) => f.message)).toEqual(['line spread by 0.50 em between characters: “一二三四五六七八九十一二三四五六七八九十一”']);
  });

  it('single-char-line: a paragraph whose last line is one ideograph and its full stop', () => {
    const p1 = element('P');
    const pages = [page(1, [...line('一'.repeat(31), 51, 500, 0), ...line('九。', 51, 481, 0), ...line('二'.repeat(10), 72, 462, 1)])];
    const findings = singleCharLines(createContext({ pages, outline: [], type3Fonts: [] }, new Map([[1, new Map([[0, p1], [1, element('P')]])]]), false));
    expect(findings.map((f) => f.message)).toEqual(['the last line of a paragraph is one character: “九。” after “一一一一一一一一一一一一”']);
  });

  it('glyph-blank: characters whose font draws nothing', () => {
    const glyphs = [...line('正文', 51, 500, 0), ...line('한국', 72, 500, 0).map((g) => ({ ...g, blank: true }))];
    const findings = blankGlyphs(createContext({ pages: [page(1, glyphs)], outline: [], type3Fonts: [] }, new Map([[1, new Map([[0, element('P')]])]]), false));
    expect(findings.map((f) => [f.rule, f.page])).toEqual([['glyph-blank', 1]]);
    expect(findings[0]?.message).toContain('2 characters printed blank (한 U+D55C, 국 U+AD6D)');
  });

  it('font-type3: a page whose text is set in a Type 3 font', () => {
    const glyphs = line('粗体', 51, 500, 0).map((g) => ({ ...g, font: 'T3' }));
    const findings = type3Fonts(createContext({ pages: [page(1, glyphs)], outline: [], type3Fonts: ['T3'] }, new Map([[1, new Map([[0, element('P')]])]]), false));
    expect(findings.map((f) => [f.rule, f.page])).toEqual([['font-type3', 1]]);
  });

  it('running-head-wraps: a head on two lines, a folio outside its margin', () => {
    const head = [...line('很长的书名', 42.5, 560, -1), ...line('还没完', 42.5, 548, -1)];
    const folio = line('12', 10, 30, -1);
    const pages = [page(1, []), page(2, [...head, ...folio, ...line('正文', 42.5, 500, 0)])];
    const findings = runningHeads(createContext({ pages, outline: [], type3Fonts: [] }, undefined, false));
    expect(findings.map((f) => [f.rule, f.page, f.message])).toEqual([
      ['running-head-wraps', 2, 'running head or folio “很长的书名 还没完” set on 2 lines'],
      ['running-head-wraps', 2, 'running head or folio “12” 11.5 mm outside its margin'],
    ]);
  });

  it('table-row-split: a row whose cells go on overleaf, under a repeated header or not', () => {
    const [t1, t2] = [element('Table'), element('Table')];
    let id = 1000;
    const cell = (role: string, row: StructElement): StructElement => ({ id: id++, role, parent: row });
    const row = (table: StructElement): StructElement => ({ id: id++, role: 'TR', parent: table });
    const [r1, r2, r3] = [row(t1), row(t1), row(t2)];
    const cells = [cell('TD', r1), cell('TD', r1), cell('TD', r2), cell('Caption', t2), cell('TH', r3), cell('TD', r2)];
    const pages = [
      page(1, [...line('名称', 51, 500, 0), ...line('说明', 150, 500, 1), ...line('项目', 51, 481, 2)]),
      page(2, [...line('续表', 300, 560, 3), ...line('名称', 42.5, 540, 4), ...line('还没说完', 141.5, 520, 5)]),
    ];
    const structure: StructureMap = new Map([
      [1, new Map(cells.slice(0, 3).map((c, i) => [i, c]))],
      [2, new Map(cells.slice(3).map((c, i) => [i + 3, c]))],
    ]);
    const findings = tableRowsSplit(createContext({ pages, outline: [], type3Fonts: [] }, structure, false));
    expect(findings.map((f) => [f.rule, f.page])).toEqual([['table-row-split', 1]]);
  });

  it('table-row-split: not a row with an empty last cell atop a page or at its foot, nor rows whose cells hold code', () => {
    // The Debian reference (zh-TW) topped page 82 with `command1 || command2`, a row whose second
    // cell GFM leaves empty (Chromium tags no empty cell), under rows whose first cells are code.
    const [t1, t2] = [element('Table'), element('Table')];
    let id = 2000;
    const cell = (role: string, parent: StructElement): StructElement => ({ id: id++, role, parent });
    const row = (table: StructElement): StructElement => ({ id: id++, role: 'TR', parent: table });
    const [r1, r2, r3, r4] = [row(t1), row(t1), row(t2), row(t2)];
    const code = (r: StructElement) => cell('Code', cell('TD', r));
    const cells = [code(r1), cell('TD', r1), code(r2), cell('TD', r2), cell('TD', r3), code(r4), cell('TD', r4)];
    const pages = [
      page(1, [...line('command1', 51, 500, 0), ...line('说明', 150, 500, 1), ...line('command2', 51, 481, 2), ...line('说完了', 150, 481, 3)]),
      page(2, [...line('command3', 42.5, 540, 4), ...line('command4', 42.5, 520, 5), ...line('说明', 141.5, 520, 6)]),
    ];
    const structure: StructureMap = new Map([
      [1, new Map(cells.slice(0, 4).map((c, i) => [i, c]))],
      [2, new Map(cells.slice(4).map((c, i) => [i + 4, c]))],
    ]);
    expect(tableRowsSplit(createContext({ pages, outline: [], type3Fonts: [] }, structure, false))).toEqual([]);
    // … nor such a row at the foot of a page, a whole row overleaf (the Japanese reference p. 97)
    const [t3, t4] = [element('Table'), element('Table')];
    const [r5, r6, r7, r8] = [row(t3), row(t3), row(t4), row(t4)];
    const foot = [code(r5), cell('TD', r5), code(r6), code(r7), cell('TD', r7), code(r8), cell('TD', r8)];
    const footPages = [
      page(1, [...line('command1', 51, 500, 0), ...line('说明', 150, 500, 1), ...line('command2', 51, 481, 2)]),
      page(2, [...line('command3', 42.5, 540, 3), ...line('说明', 141.5, 540, 4), ...line('command4', 42.5, 520, 5), ...line('说明', 141.5, 520, 6)]),
    ];
    const footStructure: StructureMap = new Map([
      [1, new Map(foot.slice(0, 3).map((c, i) => [i, c]))],
      [2, new Map(foot.slice(3).map((c, i) => [i + 3, c]))],
    ]);
    expect(tableRowsSplit(createContext({ pages: footPages, outline: [], type3Fonts: [] }, footStructure, false))).toEqual([]);
  });

  it('overflow: a line past the right edge of the text block', () => {
    const pages = [page(1, line('一'.repeat(33), 51, 500, 0))];
    const findings = overflow(createContext({ pages, outline: [], type3Fonts: [] }, new Map([[1, new Map([[0, element('P')]])]]), false));
    expect(findings.map((f) => f.message)).toEqual(['line 7.1 mm past the right edge of the text block: “一一一一一一一一一一一一一一一一一一一一一一一一…”']);
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

describe.runIf(haveTools('chromium'))('contents of books as people write them', () => {
  it('a manual in one file with ## chapters gets contents and bookmarks; toc-depth chooses the levels; a heading with a note call keeps the next chapter (before: no contents at all)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'm.md'), '---\ntitle: 手册\ntoc-depth: 1\n---\n\n## 1. 简介[^1]\n\n正文。\n\n### 1.1 背景\n\n正文。\n\n## 2. 安装\n\n正文。\n\n[^1]: 注。\n');
    const out = path.join(dir, 'out');
    expect(inkstone(['build', path.join(dir, 'm.md'), '--out', out, '--format', 'pdf', '--quiet']).status).toBe(0);
    const pdf = await readProofPdf(new Uint8Array(readFileSync(path.join(out, 'book.pdf'))));
    expect(pdf.outline.map((e) => [e.title, e.level])).toEqual([['1. 简介', 1], ['2. 安装', 1]]);
    const contents = pdf.pages[2]?.glyphs.map((g) => g.text).join('') ?? '';
    expect(comparable(contents)).toMatch(/目录1简介\d+2安装\d+/u);
    const proof = inkstone(['proof', path.join(dir, 'm.md'), '--pdf', path.join(out, 'book.pdf'), '--json']);
    expect(JSON.parse(proof.stdout).editions[0].findings).toEqual([]);
  });
});

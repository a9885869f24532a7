/**
 * CJK typesetting on the built files: no space from a line break between Han characters (in the
 * EPUB's XHTML and in pdftotext of the PDF), Latin words keep theirs, CJK-friendly emphasis,
 * full-width punctuation, autolinks that stop at the URL, ruby, code untouched; the seed book's
 * Traditional edition; vertical books.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, openEpub, repoRoot, tempDir, type EpubFiles } from './helpers/cli.js';
import { readPdf } from './helpers/pdf.js';
import { epubcheck, haveTools, pdfFonts, pdfPages, pdfText, plainPdf } from './helpers/tools.js';

const canRender = haveTools('chromium', 'poppler');
const hanSpaceHan = /\p{Script=Han}[ \t\u00a0]+\p{Script=Han}/u;
const hanCommaHan = /\p{Script=Han}[,:;?!]\p{Script=Han}/u;

function body(xhtml: string): string {
  return xhtml.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<(pre|code)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, '');
}

describe('hard-wrapped Chinese', () => {
  let out: string;
  let xhtml: string;
  beforeAll(async () => {
    out = tempDir();
    const run = inkstone(['build', 'test/fixtures/cjk-book', '--out', out, ...(canRender ? [] : ['--format', 'epub'])]);
    expect(run.status).toBe(0);
    xhtml = await (await openEpub(path.join(out, 'book.epub'))).text('OEBPS/wrapped.xhtml');
  });

  it('has no space between two Han characters where the source broke a line, even at an inline boundary', () => {
    expect(body(xhtml)).not.toMatch(hanSpaceHan);
    expect(xhtml).toContain('每行写二十个字左右，句子在行末断开');
    expect(xhtml).toContain('<strong>强调的词</strong>之后紧接正文');
    expect(xhtml).toMatch(/<a href="https:\/\/example.com">也一样<\/a>之后没有空格/);
  });

  it('keeps the space between Latin words', () => {
    // (soft hyphens, U+00AD, are where the words may break)
    expect(xhtml.replaceAll('\u00AD', '')).toContain('English words wrapped across\nlines keep their spaces.');
  });

  it('parses CJK-friendly emphasis: **“词元”**， is bold', () => {
    expect(xhtml).toContain('<strong>“词元”</strong>，');
    expect(xhtml).toContain('<em>重点</em>');
  });

  it('makes half-width punctuation in Chinese full-width, and leaves code alone', () => {
    expect(xhtml).toContain('半角标点在中文里，应该变成全角：比如这样；对吗？是的！还有（括号）。');
    expect(body(xhtml)).not.toMatch(hanCommaHan);
    expect(xhtml).toContain('<code>a,b;c</code>');
    // (a code block's CJK is in span.wide-cell: two cells each, rehype-code-cells.ts)
    expect(xhtml.replace(/<[^>]+>/g, '')).toContain('"中文,不变"');
  });

  it('ends an autolink where the URL ends', () => {
    expect(xhtml).toContain('见 <a href="http://www.debian.org" class="url"><span class="nobreak">htt</span>p://www.<wbr/>debian.<wbr/><span class="nobreak">org</span></a>。你可以访问它。');
  });

  it('makes ruby with fallbacks, for a word and character by character', () => {
    expect(xhtml).toContain('<ruby>漢字<rp>（</rp><rt>かんじ</rt><rp>）</rp></ruby>');
    expect(xhtml).toContain('<ruby>漢<rp>（</rp><rt>かん</rt><rp>）</rp>字<rp>（</rp><rt>じ</rt><rp>）</rp></ruby>');
  });

  it.runIf(canRender)('prints the same text: no space between Han characters in pdftotext, ruby above its base', () => {
    const pdf = path.join(out, 'book.pdf');
    // The code block's CJK is letter-spaced to two cells a character (rehype-code-cells.ts):
    // pdftotext reads its gaps as spaces, and its comma stays half-width. It is read apart.
    const [text = '', code = ''] = pdfText(pdf).split(/(const s = .*)/u).reduce<[string, string]>(([t, c], piece) => (piece.startsWith('const s') ? [t, piece] : [t + piece, c]), ['', '']);
    expect(code.replace(/ (?=[\p{Script=Han},"])/gu, '')).toBe('const s ="中文,不变";');
    expect(text).not.toMatch(hanSpaceHan);
    expect(text).not.toMatch(hanCommaHan);
    expect(text).toContain('句子在行末断开');
    // ruby: the annotation sits above its base (smaller y in pdftotext's bbox coordinates; the
    // boxes span the faces' ascent and descent, so they overlap a little): it starts above the
    // base line's box and ends above the middle of it — inline fallback text would share its line
    const words = bboxWords(pdf);
    const base = words.find((w) => w.text.includes('漢字'));
    const annotation = words.find((w) => w.text === 'かんじ');
    expect(base && annotation).toBeTruthy();
    if (!base || !annotation) return;
    expect(annotation.yMin).toBeLessThan(base.yMin - 2);
    expect(annotation.yMax).toBeLessThan((base.yMin + base.yMax) / 2);
  });
});

/** Words with their boxes (pdftotext -bbox), y growing downwards. */
function bboxWords(pdf: string): Array<{ text: string; yMin: number; yMax: number }> {
  const out = path.join(tempDir(), 'bbox.html');
  execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, out]);
  const html = readFileSync(out, 'utf8');
  return [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    yMin: Number(m[1]),
    yMax: Number(m[2]),
    text: m[3] ?? '',
  }));
}

describe('the seed book', () => {
  it('has no ASCII comma between two Han characters, nor a space, in the EPUB or the PDF', async () => {
    const out = tempDir();
    const run = inkstone(['build', 'manuscript', '--out', out, ...(canRender ? [] : ['--format', 'epub'])]);
    expect(run.status).toBe(0);
    const epub = await openEpub(path.join(out, 'book.epub'));
    for (const name of epub.names.filter((n) => /\d{2}-.*\.xhtml$/.test(n))) {
      const text = body(await epub.text(name));
      expect(text, name).not.toMatch(hanCommaHan);
      expect(text, name).not.toMatch(hanSpaceHan);
    }
    if (canRender) {
      // The characters the PDF draws (pdftotext would add a space where justification spreads
      // a line a little).
      const { readProofPdf } = await import('../src/proof/read-pdf.js');
      const pdf = await readProofPdf(new Uint8Array(readFileSync(path.join(out, 'book.pdf'))));
      const text = pdf.pages.map((page) => page.glyphs.map((g) => g.text).join('')).join('\n');
      expect(text).not.toMatch(hanCommaHan);
      expect(text).not.toMatch(hanSpaceHan);
    }
  });

  describe('in Traditional Chinese (zh-Hant)', () => {
    let out: string;
    let epub: EpubFiles;
    beforeAll(async () => {
      out = tempDir();
      const run = inkstone(['build', 'manuscript', '--out', out, '--variant', 'zh-Hant', ...(canRender ? [] : ['--format', 'epub'])]);
      expect(run.status).toBe(0);
      epub = await openEpub(path.join(out, 'book.zh-Hant.epub'));
    });

    it('reads as Traditional Chinese, with Taiwan phrasing, and its own language and identifier', async () => {
      const opf = await epub.text('OEBPS/content.opf');
      expect(opf).toContain('<dc:title id="title">開源語言大模型的正確姿勢</dc:title>');
      expect(opf).toContain('<dc:language>zh-TW</dc:language>');
      expect(opf).toContain('<dc:contributor id="trl-1">楊婷</dc:contributor>');
      const chapter = body(await epub.text('OEBPS/02-mid-term.xhtml'));
      expect(chapter).toContain('資料'); // 数据 → 資料, a phrase, not 數據
      expect(chapter).not.toMatch(/[这个们发开语]/); // Simplified forms
    });

    it('passes EPUBCheck', async ({ skip }) => {
      if (!haveTools('epubcheck')) skip();
      expect((await epubcheck(path.join(out, 'book.zh-Hant.epub'))).output).toContain('0 fatals / 0 errors / 0 warnings');
    });

    it.runIf(canRender)('prints in Noto Serif TC, no Type 3, Traditional text', () => {
      const pdf = path.join(out, 'book.zh-Hant.pdf');
      const fonts = pdfFonts(pdf);
      expect(fonts.every((f) => f.type === 'CID TrueType' && f.embedded)).toBe(true);
      expect(fonts.some((f) => /NotoSerifTC/.test(f.name))).toBe(true);
      expect(pdfText(pdf)).toContain('開源語言大模型的正確姿勢');
    });
  });
});

describe.runIf(canRender)('a vertical book', () => {
  it('reads right to left, with vertical pages', async () => {
    const dir = tempDir();
    cpSync(path.join(repoRoot, 'test/fixtures/notes-book'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'book.yaml'), `${readFileSync(path.join(dir, 'book.yaml'), 'utf8')}writing-mode: vertical-rl\n`);
    const out = path.join(dir, 'out');
    expect(inkstone(['build', dir, '--out', out]).status).toBe(0);
    const pdf = plainPdf(path.join(out, 'book.pdf'));
    expect(pdf).toMatch(/\/Direction\s*\/R2L/);
    // vertical text comes out of pdftotext one character a line
    const chapter = pdfPages(path.join(out, 'book.pdf')).find((page) => page.includes('正'));
    expect(chapter?.split('\n').filter((line) => line.trim().length === 1).length).toBeGreaterThan(10);
    const structure = await readPdf(path.join(out, 'book.pdf'));
    expect(structure.bookmarks.map((b) => b.title)).toEqual(['第一章', '第二章：标题里的注', '第三章']);
  });
});

/**
 * A book that restyles itself without touching Inkstone (issue 18): a shipped theme, a face from
 * npm for the text and one from the manuscript for the headings, size, leading, margins and CSS
 * of its own — measured on the built files. And what a manuscript's style may not do.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, listFiles, openEpub, repoRoot, tempDir } from './helpers/cli.js';
import { epubcheck, haveTools, pdfFonts } from './helpers/tools.js';

const env = { SOURCE_DATE_EPOCH: '1700000000' };
const fixture = path.join(repoRoot, 'test/fixtures/style-book');
const mm = 72 / 25.4;

/** Every character of a page with its font, size and left edge (mutool's structured text). */
function characters(pdf: string, page: number): Array<{ c: string; font: string; size: number; x: number; color: string }> {
  const xml = execFileSync('mutool', ['draw', '-F', 'stext', '-o', '-', pdf, String(page)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const chars: Array<{ c: string; font: string; size: number; x: number; color: string }> = [];
  const entity = (text: string) => text.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  let font = '';
  let size = 0;
  for (const match of xml.matchAll(/<font name="([^"]*)" size="([\d.]+)"|<char quad="([\d.-]+)[^"]*"[^>]*color="([^"]*)" c="([^"]*)"/g)) {
    if (match[1] !== undefined) [font, size] = [match[1], Number(match[2])];
    else chars.push({ c: entity(match[5] ?? ''), font, size, x: Number(match[3]), color: match[4] ?? '' });
  }
  return chars;
}

/** Pixels of a page (72 dpi) that are clearly red. */
function redPixels(pdf: string, page: number): number {
  const image = execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), pdf], { maxBuffer: 64 * 1024 * 1024 });
  let at = 0;
  for (let fields = 0; fields < 4; at++) if (image[at] === 0x0a || image[at] === 0x20) fields++;
  let red = 0;
  for (let i = at; i + 2 < image.length; i += 3) if ((image[i] ?? 0) > 150 && (image[i + 1] ?? 255) < 90 && (image[i + 2] ?? 255) < 90) red++;
  return red;
}

describe.runIf(haveTools('chromium', 'poppler', 'mupdf'))('a book with a theme, faces, sizes, margins and CSS of its own', () => {
  let out: string;
  let stderr: string;
  beforeAll(() => {
    out = tempDir();
    const run = inkstone(['build', fixture, '--out', out], { env });
    stderr = run.stderr;
    expect(run.status, run.stderr).toBe(0);
  });

  it('warns once, about the remote @import it removed', () => {
    expect(stderr).toMatch(/book\.css\s+3:1\s+warning @import of https:\/\/fonts\.googleapis\.com\S* removed/);
    expect(stderr).toMatch(/1 warning/);
  });

  it('embeds the chosen faces as TrueType: LXGW WenKai for the text, the manuscript’s file for headings', () => {
    const fonts = pdfFonts(path.join(out, 'book.pdf'));
    const names = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names).toContain('LXGWWenKai-Regular');
    expect(names).toContain('FixtureSans-Regular');
    expect(names.some((name) => name.startsWith('NotoSerif'))).toBe(false);
    for (const font of fonts) expect([font.name, font.type, font.embedded]).toEqual([font.name, 'CID TrueType', true]);
  });

  it('sets the text at font.size, inside page.margins, and applies the manuscript’s CSS', () => {
    const pdf = path.join(out, 'book.pdf');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
    const page = pages; // the chapter: the last page, a verso (even): spine on the right
    const chars = characters(pdf, page);
    const text = chars.map((c) => c.c).join('');
    const first = chars.find((c) => c.c === '这');
    expect(first?.font).toMatch(/LXGWWenKai/);
    expect(first?.size).toBeCloseTo(12, 1);
    expect(chars.find((c) => c.c === '风')?.font).toMatch(/FixtureSans/);
    // page.margins: outer 15 mm on a verso, widened so that a line holds whole characters:
    // 148 − 25 − 15 = 108 mm is 25.5 characters of 12 pt; half the 0.5 goes to each side
    const em = (12 * 25.4) / 72;
    const outer = 15 + (108 - Math.floor(108 / em) * em) / 2;
    expect(page % 2).toBe(0);
    expect(first?.x).toBeCloseTo(outer * mm + 24, 0); // the first paragraph indents 2em (24 pt)
    // and a full line is not spread: its characters stand 12 pt apart (before: 12.25)
    const start = chars.indexOf(first!);
    const line = chars.slice(start, chars.findIndex((c, i) => i > start && c.x < chars[i - 1]!.x));
    expect(line.length).toBeGreaterThan(20);
    for (let i = 1; i < line.length; i++) expect(line[i]!.x - line[i - 1]!.x).toBeCloseTo(12, 1);
    // .callout { margin-inline-start: 30mm; text-indent: 0; color: #c00000 }
    const callout = chars[text.indexOf('这一段有自己的样式')];
    expect(callout?.x).toBeCloseTo((outer + 30) * mm, 0);
    expect(callout?.color).toMatch(/^#(bf|c0)0000$/); // #c00000, as the PDF's 0.75 0 0 rg reads back
    expect(first?.color).toBe('#000000');
    expect(redPixels(pdf, page)).toBeGreaterThan(100);
  });

  it('carries the theme and the manuscript’s CSS in the EPUB, and the classes it uses', async () => {
    const epub = await openEpub(path.join(out, 'book.epub'));
    const css = await epub.text('OEBPS/style.css');
    expect(css).toContain('.callout{margin-inline-start:30mm');
    expect(css).toMatch(/--fixture-red:\s*#c00000/);
    expect(css).toContain('--ink-accent'); // the modern theme
    expect(css).not.toMatch(/googleapis/);
    const chapter = epub.names.find((name) => /01\.xhtml$/.test(name)) ?? '';
    expect(await epub.text(chapter)).toMatch(/<span class="stamp">印章<\/span>/);
    expect(epub.names).toContain('OEBPS/fonts/heading-400.ttf');
    const check = await epubcheck(path.join(out, 'book.epub'));
    expect([check.fatals, check.errors, check.warnings], check.output).toEqual([0, 0, 0]);
  });
});

describe.runIf(haveTools('chromium'))('what a manuscript’s style may not do', () => {
  function variant(edit: (dir: string) => void): { status: number | null; stderr: string; files: string[] } {
    const dir = path.join(tempDir(), 'book');
    cpSync(fixture, dir, { recursive: true });
    edit(dir);
    const out = path.join(dir, 'out');
    const run = inkstone(['build', dir, '--out', out], { env });
    return { status: run.status, stderr: run.stderr, files: listFiles(dir).filter((f) => f.startsWith('out')) };
  }
  const yaml = (dir: string, from: RegExp, to: string) => writeFileSync(path.join(dir, 'book.yaml'), readFileSync(path.join(dir, 'book.yaml'), 'utf8').replace(from, to));

  it('refuses a CSS file outside the manuscript, naming book.yaml’s line, and writes nothing', () => {
    const run = variant((dir) => {
      writeFileSync(path.join(dir, '..', 'outside.css'), 'p { color: red }');
      yaml(dir, /^css: .*$/m, 'css: [styles/book.css, ../outside.css]');
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/book\.yaml:\d+:\d+: error: style sheet “\.\.\/outside\.css” refused: it is outside the manuscript folder\s+\[style-missing\]/);
    expect(run.files).toEqual([]);
  });

  it('refuses a face with PostScript (CFF) outlines, and one that is not installed, with the reason', () => {
    const cff = variant((dir) => {
      writeFileSync(path.join(dir, 'fonts/Book.otf'), Buffer.concat([Buffer.from('OTTO'), Buffer.alloc(64)]));
      yaml(dir, /body: lxgw-wenkai/, 'body: fonts/Book.otf');
    });
    expect(cff.status).toBe(1);
    expect(cff.stderr).toMatch(/face “fonts\/Book\.otf” has PostScript \(CFF\) outlines.*\[font-refused\]/);
    const missing = variant((dir) => yaml(dir, /body: lxgw-wenkai/, 'body: zen-old-mincho'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/face “zen-old-mincho” needs the npm package @fontsource\/zen-old-mincho.*npm install @fontsource\/zen-old-mincho/);
    const unknown = variant((dir) => yaml(dir, /theme: modern/, 'theme: baroque'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/theme “baroque” is neither one Inkstone ships \(classic, modern, manual\) nor a folder of the manuscript/);
  });

  it('names the book’s own face when a character is in none of its faces (before: Noto Serif SC, which the book does not use)', () => {
    const run = variant((dir) => writeFileSync(path.join(dir, '01.md'), `${readFileSync(path.join(dir, '01.md'), 'utf8')}\n私用区的字：\u{E000}。\n`));
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/“\u{E000}” U\+E000 .* is in none of the book's faces \(LXGW WenKai and the \d+ faces behind it\)/u);
  });

  it('stops at a CSS syntax error with its file and line', () => {
    const run = variant((dir) => writeFileSync(path.join(dir, 'styles/print.css'), '.a { color: red }\n.b { color red }\n'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/styles\/print\.css:2:\d+: error: CSS syntax: .*\[css-syntax\]/);
  });
});

describe.runIf(haveTools('chromium', 'mupdf'))('page.columns: 2 on a wide page', () => {
  it('sets the chapter in two columns under a title across both', () => {
    const dir = path.join(tempDir(), 'book');
    cpSync(fixture, dir, { recursive: true });
    const more = '\n\n' + '两栏的正文，一段接着一段，直到把第一栏填满，再从第二栏的顶上接着排下去。'.repeat(40);
    writeFileSync(path.join(dir, '01.md'), readFileSync(path.join(dir, '01.md'), 'utf8') + more);
    writeFileSync(path.join(dir, 'book.yaml'), readFileSync(path.join(dir, 'book.yaml'), 'utf8').replace('page:\n', 'page:\n  size: A4\n  columns: 2\n'));
    const out = path.join(dir, 'out');
    const run = inkstone(['build', dir, '--out', out, '--format', 'pdf'], { env });
    expect(run.status, run.stderr).toBe(0);
    const chars = characters(path.join(out, 'book.pdf'), 4);
    // line starts of the text face, in mm from the page's left edge: two columns of 12 pt text
    const starts = chars.filter((c, i) => c.font.includes('WenKai') && (i === 0 || chars[i - 1]!.x > c.x)).map((c) => c.x / mm);
    // lines start in both halves of the 210 mm page (a verso: text block 15–185 mm): a column each side of 100 mm
    expect(starts.filter((x) => x < 95).length, starts.join(' ')).toBeGreaterThan(10);
    expect(starts.filter((x) => x > 101).length, starts.join(' ')).toBeGreaterThan(10);
    const title = chars.filter((c) => c.font.includes('FixtureSans'));
    expect(Math.max(...title.map((c) => c.x)) - Math.min(...title.map((c) => c.x))).toBeGreaterThan(0);
  });
});

describe.runIf(haveTools('chromium', 'mupdf'))('curly quotes in a quotation', () => {
  it('are drawn a full square by the text face, not 0.35 em wide by the quotation face (the Debian Reference’s notes)', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), '---\ntitle: 引号\nlang: zh-CN\n---\n\n> 他说“你好”就走了。\n');
    const run = inkstone(['build', path.join(dir, 'a.md'), '--out', path.join(dir, 'out'), '--format', 'pdf'], { env });
    expect(run.status, run.stderr).toBe(0);
    const chars = characters(path.join(dir, 'out', 'book.pdf'), 4);
    const open = chars.findIndex((c, k) => c.c === '“' && chars[k + 1]?.c === '你');
    expect(open).toBeGreaterThan(-1);
    expect(chars[open - 1]!.font).toMatch(/WenKai/);
    expect(chars[open]!.font).not.toMatch(/WenKai/);
    expect((chars[open + 1]!.x - chars[open]!.x) / chars[open]!.size).toBeGreaterThan(0.9);
  });
});

describe.runIf(haveTools('chromium', 'mupdf'))('Chinese punctuation in headings and tables', () => {
  it.each([
    ['zh-TW', '# 第一章，開始\n\n| 欄一 | 欄二 |\n|---|---|\n| 改進版，一個 | 軟體。只 |\n', [['，', '開'], ['，', '一'], ['。', '只']]],
    ['zh-CN', '# 连接？我以为，好\n\n| 栏一 | 栏二 |\n|---|---|\n| 改进版，一个 | 软件。只 |\n', [['？', '我'], ['，', '好'], ['，', '一'], ['。', '只']]],
  ])('%s keeps each mark a full square (before: halved by halt, “改進版,一個”, “连接?我以为”)', (lang, body, pairs) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), `---\ntitle: 標點\nlang: ${lang}\n---\n\n${body}`);
    const run = inkstone(['build', path.join(dir, 'a.md'), '--out', path.join(dir, 'out'), '--format', 'pdf'], { env });
    expect(run.status, run.stderr).toBe(0);
    const chars = characters(path.join(dir, 'out', 'book.pdf'), 4);
    const after = (mark: string, next: string) => {
      const i = chars.findIndex((c, k) => c.c === mark && chars[k + 1]?.c === next);
      return { gap: chars[i + 1]!.x - chars[i]!.x, size: chars[i]!.size };
    };
    for (const [mark, next] of pairs as Array<[string, string]>) {
      const { gap, size } = after(mark, next);
      expect(gap / size, `${mark}${next}`).toBeGreaterThan(0.95);
    }
  });
});

describe.runIf(haveTools('chromium', 'poppler'))('number-sections (the manual theme)', () => {
  function book(chapters: Record<string, string>): string {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'book.yaml'), `title: 编号\ntheme: manual\nchapters: [${Object.keys(chapters).join(', ')}]\n`);
    for (const [name, text] of Object.entries(chapters)) writeFileSync(path.join(dir, name), text);
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out')], { env });
    expect(run.status, run.stderr).toBe(0);
    return path.join(dir, 'out');
  }

  it('numbers sections after their chapter in the text, the contents, the bookmarks and the EPUB’s navigation', async () => {
    const out = book({ 'a.md': '# 开始\n\n正文。\n\n## 小节甲\n\n文字。\n\n### 更小\n\n文字。\n\n## 小节乙\n\n文字。\n', 'b.md': '# 继续\n\n正文。\n\n## 小节丙\n\n文字。\n' });
    const text = execFileSync('pdftotext', [path.join(out, 'book.pdf'), '-'], { encoding: 'utf8' });
    for (const heading of ['1.1 小节甲', '1.2 小节乙', '2.1 小节丙']) expect(text.split(heading).length - 1, heading).toBe(2); // contents and text
    expect(text.split('1.1.1 更小').length - 1).toBe(1); // below toc-depth 2: the text only
    const outline = execFileSync('qpdf', ['--json', path.join(out, 'book.pdf')], { encoding: 'utf8' });
    expect(outline).toContain('u:2.1 小节丙');
    const epub = await openEpub(path.join(out, 'book.epub'));
    expect(await epub.text('OEBPS/toc.xhtml')).toMatch(/<span class="toc-number">1\.2<\/span> 小节乙/);
  });

  it('leaves a book’s own numbers alone (before: “2.1 3.1.” in the Debian reference)', () => {
    const out = book({ 'a.md': '# 第3章 开始\n\n正文。\n\n## 3.1. 小节\n\n文字。\n\n## 3.2. 小节\n\n文字。\n' });
    const text = execFileSync('pdftotext', [path.join(out, 'book.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('3.1. 小节');
    expect(text).not.toMatch(/1\.1 3\.1\./);
  });
});

describe.runIf(haveTools('chromium', 'poppler'))('the shipped themes', () => {
  for (const theme of ['classic', 'modern', 'manual']) {
    it(`${theme}: the seed proofs clean`, () => {
      const dir = tempDir();
      cpSync(path.join(repoRoot, 'manuscript'), dir, { recursive: true });
      writeFileSync(path.join(dir, 'book.yaml'), `theme: ${theme}\n${readFileSync(path.join(dir, 'book.yaml'), 'utf8')}`);
      const run = inkstone(['proof', dir, '--json'], { env });
      expect(run.status, run.stderr).toBe(0);
      const findings = JSON.parse(run.stdout).editions[0].findings as Array<{ rule: string; severity: string }>;
      expect(findings.map((f) => `${f.severity} ${f.rule}`)).toEqual([]);
    });
  }
  it('manual, on a vertical book: numbered chapters and unequal margins proof clean (before: a sideways “1” above the column, and the margins not mirrored for a book bound on the right)', () => {
    const dir = tempDir();
    cpSync(path.join(repoRoot, 'test/fixtures/vertical-book'), dir, { recursive: true });
    writeFileSync(path.join(dir, 'book.yaml'), `theme: manual\n${readFileSync(path.join(dir, 'book.yaml'), 'utf8')}`);
    const run = inkstone(['proof', dir, '--json'], { env });
    expect(run.status, run.stderr).toBe(0);
    const findings = JSON.parse(run.stdout).editions[0].findings as Array<{ rule: string; severity: string; message: string }>;
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.message)).toEqual([]);
  });
});

/**
 * Files as users bring them (test/fixtures/real-inputs): an Illustrator SVG with a DOCTYPE, an
 * Inkscape SVG with enable-background and text, a desktop theme's icon, a phone's JPEG cover
 * (EXIF orientation and GPS), a WebP photo used twice, a 1080×2340 screenshot, and a chapter of
 * Korean, Thai, Devanagari, Hebrew, Arabic, Tibetan, emoji, rare Han — and two characters no face
 * has. Built once, read back: the EPUB valid, every character of the PDF drawn, none in Type 3.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, openEpub, repoRoot, tempDir, type EpubFiles } from './helpers/cli.js';
import { epubcheck, haveTools, pdfFonts, pdfPages } from './helpers/tools.js';

const fixture = path.join(repoRoot, 'test/fixtures/real-inputs');
const canRender = haveTools('chromium', 'poppler', 'epubcheck');

describe.skipIf(!canRender)('a book of real inputs', () => {
  let out: string;
  let stderr: string;
  let epub: EpubFiles;
  let pages: string[];

  beforeAll(async () => {
    out = tempDir();
    const run = inkstone(['build', fixture, '--out', out]);
    expect(run.status, run.stderr).toBe(0);
    stderr = run.stderr;
    epub = await openEpub(path.join(out, 'book.epub'));
    pages = pdfPages(path.join(out, 'book.pdf'));
  });

  it('makes a valid EPUB: EPUBCheck 0/0/0 (before: 40 errors — DOCTYPE entities, WebP, a JPEG cover not in the manifest)', async () => {
    const result = await epubcheck(path.join(out, 'book.epub'));
    expect(result, result.output).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  });

  it('cleans the SVGs of editors’ leftovers and keeps their drawing', async () => {
    const svgs = epub.names.filter((name) => name.endsWith('.svg'));
    expect(svgs).toHaveLength(4);
    for (const name of svgs) {
      const svg = await epub.text(name);
      expect(svg, name).toMatch(/^<svg[\s>]/);
      expect(svg, name).not.toMatch(/DOCTYPE|sodipodi|inkscape:|enable-background|<metadata/);
      expect(svg, name).toMatch(/<path|<rect/);
    }
  });

  it('converts the WebP for readers, stores the photo used twice once, and drops the cover’s EXIF (GPS) after turning it upright', async () => {
    expect(epub.names.filter((name) => /\.webp$/i.test(name))).toEqual([]);
    expect(epub.names.filter((name) => name.includes('images/lake-'))).toHaveLength(1);
    const opf = await epub.text('OEBPS/content.opf');
    const coverItem = /<item [^>]*properties="cover-image"[^>]*>/.exec(opf)?.[0] ?? '';
    const href = /href="([^"]+)"/.exec(coverItem)?.[1] ?? '';
    expect(epub.names).toContain(`OEBPS/${href}`);
    const cover = await epub.zip.file(`OEBPS/${href}`)!.async('nodebuffer');
    const meta = await sharp(cover).metadata();
    expect(meta.exif).toBeUndefined();
    expect(cover.includes('InkstoneTestPhone')).toBe(false);
    // Stored 1200×800 with orientation 6: upright it is 800 wide, 1200 high, its light band on top.
    expect([meta.width, meta.height]).toEqual([800, 1200]);
    const top = await sharp(cover).extract({ left: 400, top: 40, width: 1, height: 1 }).raw().toBuffer();
    expect(top[0]).toBeGreaterThan(200);
  });

  it('prints every character, no face in Type 3, and the SVG text in an embedded face', () => {
    const fonts = pdfFonts(path.join(out, 'book.pdf'));
    expect(fonts.filter((font) => font.type !== 'CID TrueType').map((f) => `${f.name} ${f.type}`)).toEqual([]);
    expect(fonts.filter((font) => /DejaVu|Liberation/.test(font.name))).toEqual([]);
    // Each under the face's real name: none drawn from the machine's fonts (before: 〓 in the
    // SVG's text came from the BabelStone Han installed here, embedded as `BabelStoneHan`).
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).filter((name) => !/^(Noto\w+|BabelStoneHan)-(Regular|Bold)$/.test(name))).toEqual([]);
    const text = pages.join('').replace(/\s+/g, '');
    for (const word of ['한국어책도', 'ภาษาไทย', 'हिन्दी', '🙂', '✅', '🎉', '👨‍👩‍👧', '𠮷野家', '𬌗', '𠀀', '𪚥', '㐀', 'αβγ', 'Привет', '书稿Markdown', '成书EPUB·PDF']) {
      expect(text, word).toContain(word);
    }
    // drawn, not only in the text layer: the proof reads each glyph's ink
    const proof = inkstone(['proof', fixture, '--pdf', path.join(out, 'book.pdf'), '--json']);
    const findings = JSON.parse(proof.stdout).editions[0].findings as Array<{ rule: string }>;
    expect(findings.filter((f) => ['glyph-blank', 'font-type3', 'overflow'].includes(f.rule))).toEqual([]);
  });

  it('names exactly the characters no face has (glyph-missing), in the text and in SVG text, and prints 〓 in their place — in a heading, its contents entry and bookmark too', () => {
    const named = [...stderr.matchAll(/“(.+?)” U\+([0-9A-F]+) .* glyph-missing/gu)].map((m) => m[2]);
    expect(named).toEqual(['16A0', '16A2', '16A6', '10001', '10000', 'E000']);
    const text = pages.join('');
    expect(text).toContain('线形文字〓、私用区〓。');
    expect(text).toContain('卢恩 〓〓〓');
    expect(pages.filter((page) => page.includes('没有字体的字〓')).length).toBe(2); // the contents and the chapter
  });

  it('puts the phone screenshot on one page with its caption, inside the margins', () => {
    const list = execFileSync('pdfimages', ['-list', path.join(out, 'book.pdf')], { encoding: 'utf8' });
    const row = list.split('\n').find((line) => /\s1080\s+2340\s/.test(line)) ?? '';
    const page = Number(row.trim().split(/\s+/)[0]);
    expect(page).toBeGreaterThan(0);
    expect(pages[page - 1]).toMatch(/^\s*手机截图\s*$/m);
  });
});

describe('editions and scripts', () => {
  it('keeps heading ids as written in the zh-Hant edition: links between chapters still land (before: “no heading 第二节的标题”)', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {
      'book.yaml': 'title: 书\nlang: zh-CN\nchapters: [a.md, b.md]\n',
      'a.md': '# 第一章\n\n见[第二节](b.md#第二节的标题)和[后面](#后面的节)。\n\n## 后面的节\n\n正文。\n',
      'b.md': '# 第二章\n\n## 第二节的标题\n\n这里，见[图标节](#图标节)。\n\n## 图标节 ![软件](dot.png)\n\n正文。\n',
    };
    for (const [name, text] of Object.entries(files)) execFileSync('sh', ['-c', `cat > "${path.join(dir, name)}"`], { input: text });
    await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } }).png().toFile(path.join(dir, 'dot.png'));
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--format', 'epub', '--variant', 'zh-Hant']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('link-unresolved');
    const book = await openEpub(path.join(dir, 'out', 'book.zh-Hant.epub'));
    const a = await book.text('OEBPS/a.xhtml');
    expect(a).toContain('href="b.xhtml#第二节的标题"');
    // (the heading breaks between its words: <wbr/>, rehype-heading-phrases)
    expect(a.replaceAll('<wbr/>', '')).toContain('<h2 class="phrased" id="后面的节">後面的節</h2>');
    // an image's description is not part of the id (it was in the zh-Hant edition only)
    expect(await book.text('OEBPS/b.xhtml')).toMatch(/<h2( class="phrased")? id="图标节">/);
  });

  it('refuses --variant on a book that is not Chinese (a usage error, nothing written)', () => {
    const dir = tempDir();
    execFileSync('sh', ['-c', `printf 'title: 本\\nlang: ja\\nchapters: [a.md]\\n' > "${dir}/book.yaml"; printf '# 一\\n\\n本文。\\n' > "${dir}/a.md"`]);
    const run = inkstone(['build', dir, '--out', path.join(dir, 'out'), '--variant', 'zh-Hant']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('this book\'s language is “ja”');
    expect(() => readFileSync(path.join(dir, 'out', 'book.epub'))).toThrow();
  });
});

/**
 * A whole book: parts, a preface, eight chapters, an appendix, a colophon, five figures, a
 * table, highlighted code and links between chapters — in both outputs, read back.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, openEpub, repoRoot, tempDir, type EpubFiles } from './helpers/cli.js';
import { readPdf, type PdfStructure } from './helpers/pdf.js';
import { skeleton } from './helpers/seed.js';
import { epubcheck, haveTools, pdfPages } from './helpers/tools.js';

const fixture = path.join(repoRoot, 'test/fixtures/long-book');
const captions = ['墨的结构示意', '浓淡的变化', '松烟墨锭', '朱文印', '历年印数'];
const canRender = haveTools('chromium', 'poppler');

describe('a whole book', () => {
  let out: string;
  let epub: EpubFiles;
  let opf: string;
  beforeAll(async () => {
    out = tempDir();
    const run = inkstone(['build', fixture, '--out', out, ...(canRender ? [] : ['--format', 'epub'])], { env: { SOURCE_DATE_EPOCH: '1740787200' } });
    expect(run.stderr).not.toMatch(/error|warning/);
    expect(run.status).toBe(0);
    epub = await openEpub(path.join(out, 'book.epub'));
    opf = await epub.text('OEBPS/content.opf');
  });

  it('passes EPUBCheck without a message', async ({ skip }) => {
    if (!haveTools('epubcheck')) skip();
    expect((await epubcheck(path.join(out, 'book.epub'))).output).toContain('0 fatals / 0 errors / 0 warnings');
  });

  it('packages the five figures with stable names and numbered captions', async () => {
    const images = [...opf.matchAll(/<item id="img-[^"]+" href="(images\/[^"]+)" media-type="([^"]+)"\/>/g)];
    expect(images.map((m) => m[2]).sort()).toEqual(['image/jpeg', 'image/png', 'image/png', 'image/png', 'image/svg+xml']);
    for (const [, href] of images) {
      expect(href).toMatch(/^images\/[a-z]+-[0-9a-f]{8}\.(png|jpg|svg)$/);
      expect(epub.zip.file(`OEBPS/${href}`), href).not.toBeNull();
    }
    // (a caption breaks between its words: <wbr/>, rehype-heading-phrases)
    const text = (await Promise.all(['ch01', 'ch03', 'ch05', 'ch07'].map((c) => epub.text(`OEBPS/${c}.xhtml`)))).join('').replaceAll('<wbr/>', '');
    captions.forEach((caption, i) => {
      // (a printed page may start at the image: the page list's marker before it)
      expect(text).toMatch(new RegExp(`<figure id="figure-${i + 1}">(<span [^>]*epub:type="pagebreak"[^>]*></span>)?<img alt="[^"]+" src="images/[^"]+"/><figcaption class="phrased"><span class="figure-label">图 ${i + 1}</span> ${caption}</figcaption></figure>`));
    });
  });

  it('keeps the table, and highlights code without scripts', async () => {
    const ch02 = await epub.text('OEBPS/ch02.xhtml');
    expect(ch02).toContain('<th class="align-left nobreak">纸名</th>');
    expect(ch02.match(/<tr>/g)).toHaveLength(4);
    const ch04 = await epub.text('OEBPS/ch04.xhtml');
    expect(ch04).toContain('<code class="hljs language-js">');
    expect(ch04).toContain('<span class="hljs-keyword">const</span>');
    expect(ch04).toContain('<code>a,b</code>'); // code is never touched by the punctuation pass
    for (const name of epub.names.filter((n) => n.endsWith('.xhtml'))) expect(await epub.text(name)).not.toMatch(/<script/);
  });

  it('links between chapters into the right files and headings', async () => {
    expect(await epub.text('OEBPS/ch01.xhtml')).toContain('<a href="ch03.xhtml#松烟">');
    expect(await epub.text('OEBPS/ch03.xhtml')).toContain('<h2 id="松烟">松烟</h2>');
    expect(await epub.text('OEBPS/ch06.xhtml')).toMatch(/<a href="appendix.xhtml#([^"]+)">附录<\/a>/);
    expect(await epub.text('OEBPS/ch08.xhtml')).toContain('<a href="ch01.xhtml#墨的来历">第一章</a>');
  });

  it('marks front matter, parts, back matter and the colophon', async () => {
    expect(await epub.text('OEBPS/preface.xhtml')).toContain('<body epub:type="frontmatter">');
    expect(await epub.text('OEBPS/part1.xhtml')).toContain('epub:type="bodymatter part" role="doc-part"');
    expect(await epub.text('OEBPS/appendix.xhtml')).toContain('<body epub:type="backmatter">');
    const colophon = await epub.text('OEBPS/colophon.xhtml');
    expect(colophon).toContain('epub:type="colophon"');
    expect(colophon).toContain('<dd>urn:isbn:9787000000000</dd>');
    const nav = await epub.text('OEBPS/toc.xhtml');
    // chapters nest under their part
    expect(nav).toMatch(/第一部分　纸与墨<\/a>\s*<ol class="toc">\s*<li><a href="ch01.xhtml">/);
  });

  describe.runIf(canRender)('in the PDF', () => {
    let pages: string[];
    let structure: PdfStructure;
    beforeAll(async () => {
      pages = pdfPages(path.join(out, 'book.pdf'));
      structure = await readPdf(path.join(out, 'book.pdf'));
    });

    it('prints every figure with its caption', () => {
      const list = execFileSync('pdfimages', ['-list', path.join(out, 'book.pdf')], { encoding: 'utf8' });
      const images = list.split('\n').slice(2).filter((line) => /^\s*\d+/.test(line));
      expect(images.length).toBeGreaterThanOrEqual(4); // the SVG is drawn as vectors
      const text = skeleton(pages.join(''));
      captions.forEach((caption, i) => expect(text).toContain(skeleton(`图 ${i + 1} ${caption}`)));
    });

    it('links between chapters to the page of the target heading', () => {
      const songyan = pages.findIndex((page, i) => i > 3 && page.includes('松烟墨用松木')) + 1;
      const ch01 = pages.findIndex((page, i) => i > 3 && page.includes('墨是书写的根本')) + 1;
      const crossLink = structure.links.find((link) => link.page === ch01 && link.dest && structure.dests.get(link.dest) === songyan);
      expect(crossLink).toBeDefined();
    });

    it('has the parts in the bookmarks with their chapters under them', () => {
      const part = structure.bookmarks.find((b) => b.title === '第一部分　纸与墨');
      expect(part?.children.map((b) => b.title)).toEqual(['墨的来历', '纸的种类', '制墨', '用程序排版']);
      expect(structure.bookmarks.map((b) => b.title)).toEqual(['译者序', '第一部分　纸与墨', '第二部分　印与装', '附录：装订术语']);
    });
  });
});

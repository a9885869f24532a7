/**
 * EPUB for e-readers and validators: pop-up footnotes numbered through the book, full
 * metadata, a cover, navigation, and the same bytes on every build.
 */
import { readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, openEpub, repoRoot, tempDir, type EpubFiles } from './helpers/cli.js';
import { epubcheck, haveTools, pandocMarkdown } from './helpers/tools.js';

const fixture = path.join(repoRoot, 'test/fixtures/notes-book');
const env = { SOURCE_DATE_EPOCH: '1714521600' };

async function buildEpub(manuscript: string): Promise<{ file: string; epub: EpubFiles }> {
  const out = tempDir();
  const run = inkstone(['build', manuscript, '--out', out, '--format', 'epub'], { env });
  expect(run.stderr).not.toMatch(/error/);
  expect(run.status).toBe(0);
  const file = path.join(out, 'book.epub');
  return { file, epub: await openEpub(file) };
}

/** A copy of the notes book with `edit` applied to its book.yaml. */
function variant(edit: (yaml: string) => string): string {
  const dir = tempDir('inkstone-variant-');
  cpSync(fixture, dir, { recursive: true });
  const yaml = path.join(dir, 'book.yaml');
  writeFileSync(yaml, edit(readFileSync(yaml, 'utf8')));
  return dir;
}

const noteCalls = (xhtml: string) =>
  [...xhtml.matchAll(/<a epub:type="noteref" role="doc-noteref" href="#(fn-\d+)" id="([^"]+)"[^>]*><sup>(\d+)<\/sup><\/a>/g)].map((m) => ({
    note: m[1],
    id: m[2],
    number: Number(m[3]),
  }));

describe('footnotes in the EPUB', () => {
  let epub: EpubFiles;
  let file: string;
  beforeAll(async () => ({ epub, file } = await buildEpub(fixture)));

  it('numbers notes through the book, one number per note however often it is cited', async () => {
    const numbers = [];
    for (const name of ['one', 'two', 'three']) numbers.push(...noteCalls(await epub.text(`OEBPS/${name}.xhtml`)).map((c) => c.number));
    expect(numbers).toEqual([1, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('puts each note in the chapter that cites it, as an aside linking back to every call', async () => {
    const one = await epub.text('OEBPS/one.xhtml');
    const calls = noteCalls(one);
    expect(calls.map((c) => c.id)).toEqual(['fnref-1', 'fnref-1-2', 'fnref-2']);
    const aside = /<aside id="fn-1" epub:type="footnote" role="doc-footnote"[^>]*>([\s\S]*?)<\/aside>/.exec(one)?.[1] ?? '';
    expect(aside).toContain('href="#fnref-1"');
    expect(aside).toContain('href="#fnref-1-2"');
    expect(aside).toContain('同一个注被引用两次');
    expect(one.match(/<aside /g)).toHaveLength(2);
    const two = await epub.text('OEBPS/two.xhtml');
    expect(two).toMatch(/<aside id="fn-4"[^>]*>[\s\S]*注 C 的第一段[\s\S]*注 C 的第二段[\s\S]*<\/aside>/);
  });

  it('reads back in pandoc as one footnote per call, none as a plain list', ({ skip }) => {
    if (!haveTools('pandoc')) skip();
    const markdown = pandocMarkdown(file);
    const calls = markdown.match(/\[\^\d+\](?!:)/g) ?? [];
    expect(calls).toHaveLength(8);
    expect(markdown).not.toMatch(/^\s*\d+\.\s+.*注 A/m);
    expect(markdown).not.toMatch(/epub:type="footnote"|<aside/);
  });

  it('passes EPUBCheck without a message', async ({ skip }) => {
    if (!haveTools('epubcheck')) skip();
    expect((await epubcheck(file)).output).toContain('0 fatals / 0 errors / 0 warnings');
  });

  it('keeps heading text out of the note: contents and headings stay clean', async () => {
    const nav = await epub.text('OEBPS/toc.xhtml');
    expect(nav).toContain('>第二章：标题里的注</a>');
    expect(nav).toContain('<a href="one.xhtml#第一节">第一节</a>');
  });

  it('restarts numbers in every chapter when asked', async () => {
    const { epub: perChapter } = await buildEpub(variant((yaml) => `${yaml}footnotes:\n  numbering: chapter\n`));
    const numbers = [];
    for (const name of ['one', 'two', 'three']) numbers.push(noteCalls(await perChapter.text(`OEBPS/${name}.xhtml`)).map((c) => c.number));
    expect(numbers).toEqual([[1, 1, 2], [1, 2], [1, 2, 3]]);
  });
});

describe('EPUB package', () => {
  let epub: EpubFiles;
  let opf: string;
  beforeAll(async () => {
    ({ epub } = await buildEpub(fixture));
    opf = await epub.text('OEBPS/content.opf');
  });

  it('carries the metadata, with roles, language and a stable identifier', () => {
    expect(opf).toContain('<dc:title id="title">注释之书</dc:title>');
    expect(opf).toContain('<dc:title id="subtitle">脚注的各种写法</dc:title>');
    expect(opf).toContain('<meta refines="#subtitle" property="title-type">subtitle</meta>');
    expect(opf).toMatch(/<dc:creator id="aut-2">李四<\/dc:creator>\s*<meta refines="#aut-2" property="role" scheme="marc:relators">aut/);
    expect(opf).toMatch(/<dc:contributor id="trl-1">王五<\/dc:contributor>\s*<meta refines="#trl-1" property="role" scheme="marc:relators">trl/);
    expect(opf).toContain('<dc:publisher>砚台出版社</dc:publisher>');
    expect(opf).toContain('<dc:date>2024-05-01</dc:date>');
    expect(opf).toContain('<meta property="dcterms:modified">2024-05-01T00:00:00Z</meta>');
    expect(opf).toContain('<dc:rights>版权所有 © 2024 砚台出版社</dc:rights>');
    expect(opf).toContain('<dc:description>一本用来检验脚注的小书。</dc:description>');
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}<\/dc:identifier>/);
  });

  it('sets the language on the package and on every content document', async () => {
    expect(opf).toMatch(/<package [^>]*xml:lang="zh-CN"/);
    const docs = epub.names.filter((name) => name.endsWith('.xhtml'));
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const name of docs) {
      const xhtml = await epub.text(name);
      expect(xhtml, name).toMatch(/<html [^>]*xml:lang="zh-CN" lang="zh-CN"/);
      expect(xhtml, name).not.toMatch(/lang="en"/);
    }
  });

  it('has a cover image and a cover page', async () => {
    const item = /<item id="([^"]+)" href="([^"]+)" media-type="image\/png" properties="cover-image"\/>/.exec(opf);
    expect(item).not.toBeNull();
    const png = await epub.zip.file(`OEBPS/${item?.[2]}`)?.async('nodebuffer');
    expect(png?.subarray(1, 4).toString()).toBe('PNG');
    expect(png?.readUInt32BE(16)).toBe(1600); // IHDR width
    expect(png?.readUInt32BE(20)).toBe(2400); // IHDR height
    const cover = await epub.text('OEBPS/cover.xhtml');
    expect(cover).toContain('epub:type="cover"');
    expect(cover).toContain(`src="${item?.[2]}"`);
    expect(opf).toMatch(/<spine[^>]*>\s*<itemref idref="cover"\/>/);
  });

  it('navigates: nav with contents and landmarks, NCX for EPUB 2, readable file names', async () => {
    const nav = await epub.text('OEBPS/toc.xhtml');
    expect(nav).toContain('<nav epub:type="toc"');
    expect(nav).toMatch(/<nav epub:type="landmarks"[\s\S]*epub:type="cover"[\s\S]*epub:type="toc"[\s\S]*epub:type="bodymatter" href="one.xhtml"/);
    const ncx = await epub.text('OEBPS/toc.ncx');
    expect(ncx).toContain('<content src="two.xhtml"/>');
    expect(ncx).toMatch(/<meta name="dtb:uid" content="urn:uuid:/);
    expect(epub.names).toEqual(expect.arrayContaining(['OEBPS/one.xhtml', 'OEBPS/two.xhtml', 'OEBPS/three.xhtml']));
  });

  it('embeds a font subset and stays small', async () => {
    expect(opf).toMatch(/<item id="font-1" href="fonts\/serif-400.ttf" media-type="font\/ttf"\/>/);
    const css = await epub.text('OEBPS/style.css');
    expect(css).toContain('src: url(fonts/serif-400.ttf) format("truetype")');
    const font = await epub.zip.file('OEBPS/fonts/serif-400.ttf')?.async('nodebuffer');
    expect(font?.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    expect(font?.length).toBeLessThan(200_000);
  });

  it('keeps every zip entry at the build date, whatever the time zone', async () => {
    for (const entry of Object.values(epub.zip.files)) expect(entry.date.toISOString()).toBe('2024-05-01T00:00:00.000Z');
  });
});

describe('vertical books', () => {
  it('progress right to left and pass EPUBCheck', async ({ skip }) => {
    const { epub, file } = await buildEpub(variant((yaml) => `${yaml}writing-mode: vertical-rl\n`));
    const opf = await epub.text('OEBPS/content.opf');
    expect(opf).toMatch(/<spine toc="ncx" page-progression-direction="rtl">/);
    if (!haveTools('epubcheck')) skip();
    expect((await epubcheck(file)).output).toContain('0 fatals / 0 errors / 0 warnings');
  });
});

/**
 * The first book, end to end: build it with the CLI as a user would, then read the EPUB and the
 * PDF back and compare them with the article's source text.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inkstone, listFiles, openEpub, tempDir, type EpubFiles } from '../helpers/cli.js';
import { findInOrder, furniture, readSeed, skeleton } from '../helpers/seed.js';
import { epubcheck, haveTools, pandocMarkdown, pdfFonts, pdfInfo, pdfPages } from '../helpers/tools.js';

const seed = readSeed();
const env = { SOURCE_DATE_EPOCH: '1700000000' };
const canRender = haveTools('chromium', 'poppler');

/** Text of an XHTML document's body. */
function xhtmlText(xhtml: string): string {
  return xhtml
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<[^>]+>/g, '').replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

describe('the seed book', () => {
  let out: string;
  let epub: EpubFiles;
  let chapters: string[];

  beforeAll(async () => {
    out = tempDir();
    const run = inkstone(['build', 'manuscript', '--out', out, ...(canRender ? [] : ['--format', 'epub'])], { env });
    expect(run.stderr).not.toMatch(/error|no cover/i);
    expect(run.status).toBe(0);
    epub = await openEpub(path.join(out, 'book.epub'));
    const opf = await epub.text('OEBPS/content.opf');
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]));
    chapters = await Promise.all(spine.map((id) => epub.text(`OEBPS/${hrefs.get(id)}`)));
  });

  it.skipIf(!canRender)('is clean for inkstone proof: every rule silent', () => {
    const proof = inkstone(['proof', 'manuscript', '--pdf', path.join(out, 'book.pdf'), '--json']);
    expect(JSON.parse(proof.stdout).editions[0].findings).toEqual([]);
    expect(proof.status).toBe(0);
  });

  it('writes dist-style outputs and says where', () => {
    expect(listFiles(out)).toEqual(canRender ? ['book.epub', 'book.pdf'] : ['book.epub']);
  });

  describe('EPUB', () => {
    it('is a zip with an uncompressed mimetype first', async () => {
      expect(epub.names[0]).toBe('mimetype');
      expect(await epub.text('mimetype')).toBe('application/epub+zip');
      // local file header: compression method (offset 8) 0 = stored, name at offset 30
      expect(epub.raw.readUInt16LE(8)).toBe(0);
      expect(epub.raw.subarray(30, 38).toString()).toBe('mimetype');
    });

    it('carries the metadata: title, author, translators as trl, publisher, zh-CN', async () => {
      const opf = await epub.text('OEBPS/content.opf');
      expect(opf).toContain(`<dc:title id="title">${seed.title}</dc:title>`);
      expect(opf).toMatch(/<dc:creator id="(aut-1)">Nathan Lambert<\/dc:creator>\s*<meta refines="#\1" property="role" scheme="marc:relators">aut<\/meta>/);
      for (const name of ['杨婷', '宛子琳']) {
        const id = new RegExp(`<dc:contributor id="([^"]+)">${name}</dc:contributor>`).exec(opf)?.[1];
        expect(id, name).toBeDefined();
        expect(opf).toContain(`<meta refines="#${id}" property="role" scheme="marc:relators">trl</meta>`);
      }
      expect(opf).toContain('<dc:publisher>OneFlow</dc:publisher>');
      expect(opf).toContain('<dc:language>zh-CN</dc:language>');
      expect(opf).toContain('xml:lang="zh-CN"');
      expect(opf).toContain('<dc:source>https://www.interconnects.ai/p/are-open-llms-viable</dc:source>');
    });

    it('has every paragraph of the article, in order, and no web-page furniture', () => {
      const text = chapters.map(xhtmlText).join('\n');
      const { missing } = findInOrder(skeleton(text), seed.paragraphs.map(skeleton));
      expect(missing).toBeUndefined();
      for (const item of [...furniture, '阅读']) expect(text, item).not.toContain(item);
      // the web page repeated the title as image placeholders; the chapters never do
      const chaptersOnly = chapters.filter((xhtml) => xhtml.includes('class="chapter ')).map(xhtmlText).join('\n');
      expect(chaptersOnly).not.toContain(seed.title);
    });

    it('keeps CJK as characters, not numeric references', () => {
      for (const xhtml of chapters) expect(xhtml).not.toMatch(/&#x?[0-9a-f]+;/i);
    });

    it('links both notes both ways, in the chapter that cites them', () => {
      const withNotes = chapters.filter((xhtml) => xhtml.includes('epub:type="footnote"'));
      expect(withNotes).toHaveLength(1);
      const xhtml = withNotes[0] ?? '';
      const calls = [...xhtml.matchAll(/<a epub:type="noteref" role="doc-noteref" href="#([^"]+)" id="([^"]+)"[^>]*><sup>(\d+)<\/sup><\/a>/g)];
      expect(calls.map((m) => m[3])).toEqual(['1', '2']);
      for (const [i, call] of calls.entries()) {
        const [, noteId, callId] = call;
        const aside = new RegExp(`<aside id="${noteId}" epub:type="footnote" role="doc-footnote"[^>]*>([\\s\\S]*?)</aside>`).exec(xhtml);
        expect(aside, `note ${noteId}`).not.toBeNull();
        expect(aside?.[1]).toContain(`href="#${callId}"`);
        expect(skeleton(xhtmlText(aside?.[1] ?? ''))).toContain(skeleton(seed.notes[i] ?? ''));
      }
      // (1) follows 直接商业化的价值, (2) follows 2023 年, each held to its word by a word joiner
      expect(xhtml).toMatch(/直接商业化的价值\u2060<a epub:type="noteref"[^>]*><sup>1</);
      expect(xhtml).toMatch(/2023 年\u2060<a epub:type="noteref"[^>]*><sup>2</);
    });

    it('has a cover and stays under 1 MB with its fonts embedded', async () => {
      const opf = await epub.text('OEBPS/content.opf');
      expect(opf).toMatch(/properties="cover-image"/);
      expect(opf).toMatch(/href="fonts\/serif-400.ttf" media-type="font\/ttf"/);
      expect(epub.raw.length).toBeLessThan(1 << 20);
    });

    it('reads back in pandoc with exactly its two footnotes', ({ skip }) => {
      if (!haveTools('pandoc')) skip();
      const markdown = pandocMarkdown(path.join(out, 'book.epub'));
      expect(markdown.match(/\[\^\d+\](?!:)/g)).toHaveLength(2);
      expect(markdown.match(/^\[\^\d+\]:/gm)).toHaveLength(2);
    });

    it('passes EPUBCheck without a message', async ({ skip }) => {
      if (!haveTools('epubcheck')) skip();
      const result = await epubcheck(path.join(out, 'book.epub'));
      expect(result.output).toContain('0 fatals / 0 errors / 0 warnings');
    });

    it('is byte-identical when built again (with the PDF: the EPUB carries its page list)', () => {
      const again = tempDir();
      const run = inkstone(['build', 'manuscript', '--out', again, ...(canRender ? [] : ['--format', 'epub'])], { env: { ...env, TZ: 'Pacific/Kiritimati' } });
      expect(run.status).toBe(0);
      const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
      expect(hash(path.join(again, 'book.epub'))).toBe(hash(path.join(out, 'book.epub')));
    });
  });

  describe.runIf(canRender)('PDF', () => {
    let pages: string[];
    const pdf = () => path.join(out, 'book.pdf');

    // Builds launch Debian's headless shell when it is installed, else chromium: the same book,
    // the same PDF (the suite runs on one of them; this keeps the other honest).
    const engines = ['/usr/bin/chromium', '/usr/bin/chromium-headless-shell'];
    it.runIf(engines.every((file) => existsSync(file)))('prints the same bytes with chromium as with the headless shell', () => {
      const [one, two] = [tempDir(), tempDir()];
      for (const [index, dir] of [one, two].entries()) {
        const run = inkstone(['build', 'manuscript', '--out', dir, '-q', '--format', 'pdf'], { env: { ...env, PUPPETEER_EXECUTABLE_PATH: engines[index] as string }, unset: ['INKSTONE_CHROMIUM_WS'] });
        expect(run.status, run.stderr).toBe(0);
      }
      expect(readFileSync(path.join(one, 'book.pdf')).equals(readFileSync(path.join(two, 'book.pdf')))).toBe(true);
    }, 120_000);

    beforeAll(() => {
      pages = pdfPages(pdf());
    });

    it('is an A5 book with its metadata', () => {
      const info = pdfInfo(pdf());
      expect(info['Title']).toBe(seed.title);
      expect(info['Author']).toContain('Nathan Lambert');
      expect(info['Creator']).toMatch(/^Inkstone \d+\.\d+/);
      expect(info['Page size']).toMatch(/^419\.\d+ x 595\.\d+ pts|^420 x 59[45]/);
      expect(Number(info['Pages'])).toBeGreaterThanOrEqual(8);
      expect(info['Tagged']).toBe('yes');
    });

    it('has every paragraph of the article, in order', () => {
      const heads = new Set([seed.title, ...seed.paragraphs].map(skeleton));
      const body = pages
        .map((page) => {
          const lines = page.split('\n').filter((line) => line.trim());
          // drop the running head (first line of a page, when it is a title) …
          if (lines.length && heads.has(skeleton(lines[0] ?? '')) && !seed.paragraphs.includes(lines[0] ?? '')) lines.shift();
          let text = skeleton(lines.join(''));
          // … and the notes at the foot of the page
          for (const note of seed.notes) text = text.replace(skeleton(note), '');
          return text;
        })
        .join('');
      const { missing } = findInOrder(body, seed.paragraphs.map(skeleton));
      expect(missing).toBeUndefined();
    });

    it('prints each note at the foot of the page that cites it', () => {
      const calls = ['直接商业化的价值', '部分2023年'];
      for (const [i, note] of seed.notes.entries()) {
        const page = pages.findIndex((text) => skeleton(text).includes(skeleton(calls[i] ?? '')));
        expect(page, `call ${i + 1}`).toBeGreaterThanOrEqual(0);
        expect(skeleton(pages[page] ?? ''), `note ${i + 1} on the page of its call`).toContain(skeleton(note));
        // the note text sits below the body text of its page
        const lines = (pages[page] ?? '').split('\n').filter((line) => line.trim());
        const noteLine = lines.findIndex((line) => skeleton(line).startsWith(skeleton(note).slice(0, 6)));
        const callLine = lines.findIndex((line) => skeleton(line).includes(skeleton(calls[i] ?? '').slice(-4)));
        expect(noteLine).toBeGreaterThan(callLine);
      }
    });

    it('has nothing of the web page furniture', () => {
      const text = pages.join('\n');
      for (const item of furniture) expect(text, item).not.toContain(item);
    });

    it('embeds every font, none of them Type 3', () => {
      const fonts = pdfFonts(pdf());
      expect(fonts.length).toBeGreaterThan(0);
      for (const font of fonts) {
        expect(font.type, font.name).not.toMatch(/Type 3/);
        expect(font.embedded, font.name).toBe(true);
      }
    });
  });
});

/**
 * External readers the tests check built files with: EPUBCheck, poppler (pdftotext, pdffonts,
 * pdfinfo), pandoc. CI installs them (scripts/setup.sh --test); on a machine without them the
 * tests that need them are skipped loudly — and never in CI, where a missing tool fails.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { findAce, runAce } from '../../src/cli/ace.js';

export const epubcheckJar = '/usr/share/java/epubcheck.jar';

function has(command: string, args = ['--version']): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status !== null;
}

const available: Record<string, () => boolean> = {
  chromium: () =>
    Boolean(process.env['PUPPETEER_EXECUTABLE_PATH']) ||
    ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].some((file) => existsSync(file)),
  epubcheck: () => existsSync(epubcheckJar) && has('java', ['-version']),
  poppler: () => has('pdftotext', ['-v']),
  /** mutool: every character with its font, size and place (structured text). */
  mupdf: () => has('mutool', ['-v']),
  pandoc: () => has('pandoc'),
  /** Ace by DAISY (@daisy/ace-cli, a dev dependency), which drives Chromium like Inkstone. */
  ace: () => findAce() !== undefined && available['chromium']!(),
  /** Ghostscript: the press PDF's colour, and the tests' ink per plate (inkcov). */
  ghostscript: () => has('gs'),
  qpdf: () => has('qpdf'),
  /** What scripts/corpus.mjs fetches Debian's packages with. */
  debian: () => has('apt-get') && has('dpkg-deb'),
};

/** True when every tool is here; otherwise warns (or, in CI, throws). */
export function haveTools(...tools: Array<keyof typeof available>): boolean {
  const missing = tools.filter((tool) => !available[tool]?.());
  if (!missing.length) return true;
  const message = `missing ${missing.join(', ')}: run scripts/setup.sh --test`;
  if (process.env['CI']) throw new Error(`CI must have every test tool; ${message}`);
  console.warn(`\n⚠ SKIPPING tests that need ${missing.join(', ')} (${message})\n`);
  return false;
}

export interface EpubCheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  output: string;
}

/**
 * EPUBCheck's counts and messages for an EPUB: from the suite's one EPUBCheck JVM
 * (epubcheck-server.ts), else from a JVM of its own. `output` has EPUBCheck's summary line.
 */
export async function epubcheck(file: string): Promise<EpubCheckResult> {
  const port = inject('epubcheckPort');
  const answer = port ? await askServer(port, path.resolve(file)) : undefined;
  if (answer !== undefined) {
    const [first = '', ...rest] = answer.split('\n');
    // (an answer cut short — the JVM gone — is a failure, never a pass)
    const counts = /^(\d+)\t(\d+)\t(\d+)$/.exec(first);
    if (!counts) return { fatals: 1, errors: 0, warnings: 0, output: `EPUBCheck's server gave no answer for ${file}: ${answer}` };
    const [fatals, errors, warnings] = counts.slice(1).map(Number) as [number, number, number];
    return { fatals, errors, warnings, output: `${rest.join('\n')}\nMessages: ${fatals} fatals / ${errors} errors / ${warnings} warnings` };
  }
  const run = spawnSync('java', ['-jar', epubcheckJar, file], { encoding: 'utf8' });
  const output = `${run.stdout}\n${run.stderr}`;
  const match = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  if (!match) return { fatals: 1, errors: 0, warnings: 0, output };
  return { fatals: Number(match[1]), errors: Number(match[2]), warnings: Number(match[3]), output };
}

function askServer(port: number, file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(`${file}\n`));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', () => resolve(undefined));
  });
}

/** pdftotext of the whole file, or of one page (1-based). */
export function pdfText(file: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Text of every page, in order. */
export function pdfPages(file: string): string[] {
  return pdfText(file).split('\f').slice(0, -1);
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
  return Object.fromEntries(
    out.split('\n').filter(Boolean).map((line) => {
      const i = line.indexOf(':');
      return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
    }),
  );
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdfFonts(file: string): PdfFont[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      // name, type (may contain spaces), encoding, emb, sub, uni, object, ID
      const match = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!match) return { name: line, type: 'unparsed', embedded: false, subset: false };
      return { name: match[1] ?? '', type: (match[2] ?? '').trim(), embedded: match[4] === 'yes', subset: match[5] === 'yes' };
    });
}

export function pandocMarkdown(epub: string): string {
  return execFileSync('pandoc', ['-f', 'epub', '-t', 'markdown', '--wrap=none', epub], { encoding: 'utf8' });
}

/** Ace by DAISY's violations in an EPUB, as `impact rule file` lines (none: []). */
export function ace(epub: string): string[] {
  const result = runAce(epub);
  if (!result.violations) return ['Ace did not run'];
  return result.violations.map((v) => `${v.impact} ${v.rule} ${v.file}`);
}

/**
 * The EPUB's page list against the PDF of the same build: one entry per printed page, and for
 * each page with text, the text right after its marker in the EPUB is where that page's text
 * starts in `pdftotext` (after the running head: within its first 60 characters, spaces,
 * hyphens and tags aside). Pages of the front matter point at their documents; pages with no
 * text of their own (a screenshot alone) are not compared. Returns the mismatches.
 */
export async function pageListMismatches(epubFile: string, pdfFile: string): Promise<{ entries: number; pages: number; compared: number; bad: string[] }> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(readFileSync(epubFile));
  const norm = (s: string) => s.replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, 'X').replace(/[\s\u00AD\u200B-\u200D\u2060\uFEFF-]/g, '');
  const pages = pdfText(pdfFile).split('\f').slice(0, -1);
  const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
  const entries = [...nav.matchAll(/<li><a href="([^"#]+)(?:#(page-\d+))?">(\d+)<\/a><\/li>/g)];
  const bad: string[] = [];
  let compared = 0;
  for (const [, file, id, number] of entries) {
    const page = pages[Number(number) - 1] ?? '';
    // a running head and a folio and nothing else: no text of its own
    if (!id || page.split('\n').filter((line) => line.trim()).length <= 2) continue;
    const xhtml = await zip.file(`OEBPS/${file}`)!.async('string');
    const at = xhtml.indexOf(`id="${id}"`);
    const after = norm(xhtml.slice(xhtml.indexOf('>', at) + 1)).slice(0, 6);
    const position = norm(page).indexOf(after);
    compared += 1;
    if (position < 0 || position > 60) bad.push(`page ${number}: the EPUB has «${after}» after its marker; the page starts «${norm(page).slice(0, 40)}»`);
  }
  return { entries: entries.length, pages: pages.length, compared, bad };
}

/** Ink per plate of every page (C, M, Y, K as fractions of the area), inside each page's BleedBox. */
export function inkPerPage(file: string): Array<[number, number, number, number]> {
  const out = execFileSync('gs', ['-q', '-dSAFER', '-dUseBleedBox', '-o', '-', '-sDEVICE=inkcov', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out
    .split('\n')
    .filter((line) => /CMYK/.test(line))
    .map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number) as [number, number, number, number]);
}

/** The pixel bytes of pdftoppm's PPM (RGB) or PGM (grey) output, after its header
 *  ("P6\n<w> <h>\n255\n"). */
function pixels(image: Buffer): Buffer {
  let at = 0;
  for (let fields = 0; fields < 4; at++) if (image[at] === 0x0a || image[at] === 0x20) fields++;
  return image.subarray(at);
}

/** Whether each page has any colour (a pixel not grey) when drawn: 1-based page → true. */
export function colouredPages(file: string, pages: number): boolean[] {
  const result: boolean[] = [];
  for (let page = 1; page <= pages; page++) {
    const ppm = pixels(execFileSync('pdftoppm', ['-r', '36', '-f', String(page), '-l', String(page), file], { maxBuffer: 64 * 1024 * 1024 }));
    let coloured = false;
    for (let i = 0; i + 2 < ppm.length && !coloured; i += 3) {
      const [r, g, b] = [ppm[i] ?? 0, ppm[i + 1] ?? 0, ppm[i + 2] ?? 0];
      coloured = Math.max(r, g, b) - Math.min(r, g, b) > 3;
    }
    result.push(coloured);
  }
  return result;
}

/** qpdf's JSON of a PDF (objects, pages with their boxes). */
export function qpdfJson(file: string): { pages: Array<{ object: string }>; qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] } {
  return JSON.parse(execFileSync('qpdf', ['--json', '--json-key=pages', '--json-key=qpdf', file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }));
}

/** A PDF's bytes as text with every object out of the object streams (qpdf), to search its
 *  dictionaries: Inkstone writes objects compressed in object streams. */
export function plainPdf(file: string): string {
  return execFileSync('qpdf', ['--object-streams=disable', file, '-'], { maxBuffer: 1024 * 1024 * 1024 }).toString('latin1');
}

/** Dark pixels (of 255 grey levels, below 128) of a page inside a box given in points from the
 *  page's top left corner (drawn at 72 dpi: a pixel a point). */
export function darkPixels(file: string, page: number, box: { x: number; y: number; width: number; height: number }): number {
  const args = ['-r', '72', '-gray', '-f', String(page), '-l', String(page), '-x', String(Math.round(box.x)), '-y', String(Math.round(box.y)), '-W', String(Math.round(box.width)), '-H', String(Math.round(box.height)), file];
  return pixels(execFileSync('pdftoppm', args, { maxBuffer: 64 * 1024 * 1024 })).filter((grey) => grey < 128).length;
}

/** qpdf's check of a file's structure and streams: '' when clean, else its warnings. */
export function qpdfCheck(file: string): string {
  const run = spawnSync('qpdf', ['--check', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return run.status === 0 ? '' : `${run.stdout}${run.stderr}`.trim();
}

/** A stream object's decoded data (qpdf). */
export function pdfStream(file: string, object: string): string {
  return execFileSync('qpdf', [`--show-object=${object.replace(/ 0 R$/, '')}`, '--filtered-stream-data', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The PostScript names in the name tables of a PDF's embedded TrueType programs. */
export async function fontProgramNames(file: string): Promise<string[]> {
  const { PDFDocument, PDFDict, PDFName, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
  const harfbuzz = await import('harfbuzzjs');
  const doc = await PDFDocument.load(readFileSync(file));
  const names: string[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    const program = doc.context.lookup(object.get(PDFName.of('FontFile2')));
    if (program instanceof PDFRawStream) names.push(new harfbuzz.Face(new harfbuzz.Blob(decodePDFRawStream(program).decode())).getName(6, 'en') ?? '');
  }
  return names.sort();
}

/** Glyphs whose /W width in a PDF differs from their embedded program's advance (a font's
 *  widths place its glyphs: a wrong one runs text together or apart). `font gid: W vs advance`. */
export async function widthMismatches(file: string): Promise<string[]> {
  const { PDFDocument, PDFDict, PDFName, PDFArray, PDFNumber, PDFRawStream, decodePDFRawStream } = await import('pdf-lib');
  const harfbuzz = await import('harfbuzzjs');
  const doc = await PDFDocument.load(readFileSync(file));
  const found: string[] = [];
  for (const [, cid] of doc.context.enumerateIndirectObjects()) {
    if (!(cid instanceof PDFDict) || cid.get(PDFName.of('Subtype')) !== PDFName.of('CIDFontType2')) continue;
    const program = doc.context.lookup(cid.lookup(PDFName.of('FontDescriptor'), PDFDict).get(PDFName.of('FontFile2')));
    if (!(program instanceof PDFRawStream)) continue;
    const face = new harfbuzz.Face(new harfbuzz.Blob(decodePDFRawStream(program).decode()));
    const font = new harfbuzz.Font(face);
    const list = cid.lookupMaybe(PDFName.of('W'), PDFArray)?.asArray() ?? [];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const first = (list[i] as import('pdf-lib').PDFNumber).asNumber();
      const run = doc.context.lookup(list[i + 1]);
      if (!(run instanceof PDFArray)) {
        i++;
        continue;
      }
      run.asArray().forEach((width, k) => {
        const advance = Math.round((font.glyphHAdvance(first + k) * 1000) / face.upem);
        const w = (width as import('pdf-lib').PDFNumber).asNumber();
        if (Math.abs(advance - w) > 1) found.push(`${String(cid.get(PDFName.of('BaseFont')))} ${first + k}: ${w} vs ${advance}`);
      });
    }
  }
  return found;
}

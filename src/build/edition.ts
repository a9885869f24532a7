/**
 * One edition's outputs from its Book: the faces cut to its characters (characters no face has
 * reported once), the PDF and the EPUB side by side, the press PDF from the PDF, and what the
 * PDF's layout reports.
 */
import type { VFile } from 'vfile';
import { reportMissingGlyphs } from '../book/glyph-coverage.js';
import type { Book } from '../book/model.js';
import { bookTexts, codeText, headingText, quoteText } from '../book/texts.js';
import { withRetry } from '../browser/browser.js';
import type { Variant } from '../config/variant.js';
import { rules } from '../diagnostics/rules.js';
import type { CoverImage } from '../epub/render-epub.js';
import { bookFaces, type BookFaces } from '../fonts/faces.js';
import type { BuildCache } from '../build-cache.js';
import { cachedSubsets } from '../fonts/subset-cache.js';
import type { subsetFonts, FontSubset } from '../fonts/subset.js';
import type { Manuscript } from '../manuscript/load-manuscript.js';
import type { PageStart, PdfResult } from '../pdf/render-pdf.js';
import type { BuildSession } from './session.js';
import type { Edition, Format } from './types.js';

// The renderers (and Chromium's driver, pdf-lib, epub-gen-memory behind them) load only when a
// build needs them: starting the command stays quick.
const epubRenderer = () => import('../epub/render-epub.js');
const pdfRenderer = () => import('../pdf/render-pdf.js');
const pressRenderer = () => import('../pdf/press/press-pdf.js');

/** What every edition of one build shares. */
export interface BuildRun {
  manuscript: Manuscript;
  session: BuildSession;
  formats: Format[];
  want: { epub: boolean; pdf: boolean; press: boolean };
  stage: <T>(name: string, work: () => Promise<T>) => Promise<T>;
  timings: Record<string, number>;
  notices: VFile;
  /** Characters already reported missing (by an edition before). */
  reportedMissing: Set<string>;
}

/** The book's faces, cut to its characters once: they serve the EPUB, the cover and the PDF. */
export async function editionFonts(run: BuildRun, book: Book, files: VFile[]): Promise<{ fonts: FontSubset[]; missing: string }> {
  const faces = bookFaces(book.metadata.lang, book.style.fonts, run.manuscript.config.root);
  const { subsets: fonts, missing: textMissing, svgMissing } = await run.stage('fonts', () => bookSubsets(book, faces, run.session.cache));
  // Messages are about the manuscript: report them once, in the first edition's files. A
  // character only another edition lacks (a Traditional form no face has) is reported there
  // too, at its place in the manuscript (editions keep the source's positions); before, the
  // second edition's warnings went to files nobody read.
  const unreported = (chars: string) => [...chars].filter((char) => !run.reportedMissing.has(char)).join('');
  await reportMissingGlyphs(book, files, unreported(textMissing), run.notices, unreported(svgMissing), faces.body);
  for (const char of textMissing + svgMissing) run.reportedMissing.add(char);
  // Print marks each with 〓, in the text and in the SVG images' text.
  return { fonts, missing: printMissing({ missing: textMissing, svgMissing }) };
}

/** The characters print marks with 〓: what no face has, in the text or the SVG images' text. */
export function printMissing({ missing, svgMissing }: { missing: string; svgMissing: string }): string {
  return [...new Set(missing + svgMissing)].join('');
}

/** The book's faces cut to the characters each role sets (text, headings, quotations, code, the
 *  SVG images' text). */
export function bookSubsets(book: Book, faces: BookFaces, cache?: BuildCache): ReturnType<typeof subsetFonts> {
  const svgText = book.images.map((image) => image.svgText ?? '').join('');
  return cachedSubsets(cache, faces, { body: bookTexts(book), heading: headingText(book), quote: quoteText(book), code: codeText(book) }, svgText);
}

/** The edition's files: the EPUB (mostly Node's work) and the PDF (mostly Chromium's) side by
 *  side, then the press PDF from the PDF. */
export async function editionOutputs(
  run: BuildRun,
  book: Book,
  faces: { fonts: FontSubset[]; missing: string },
  cover: Promise<CoverImage | undefined> | undefined,
  files: VFile[],
  variant: Variant | undefined,
): Promise<Edition['outputs']> {
  const { fonts, missing } = faces;
  // The EPUB's page list: where the PDF's pages start, known before the PDF is printed.
  let startsKnown: (starts: PageStart[]) => void = () => {};
  const starts = new Promise<PageStart[]>((resolve) => (startsKnown = resolve));
  const pdfMade = run.want.pdf
    ? run.stage('pdf', async () => {
        const { renderPdf } = await pdfRenderer();
        // (the EPUB's modules load while Chromium lays out: this process has nothing else to do then)
        const onLayingOut = run.want.epub ? () => void epubRenderer().catch(() => {}) : undefined;
        return withRetry(run.session.browser, (chromium) => renderPdf(book, { browser: chromium, fonts, missing, cache: run.session.cache, onPageStarts: startsKnown, onLayingOut }));
      })
    : undefined;
  pdfMade?.catch(() => {});
  // a PDF that fails, or has no page starts (vertical books), settles the wait with none
  pdfMade?.then((pdf) => startsKnown(pdf.pageStarts), () => startsKnown([]));
  let told: PageStart[] | undefined;
  const epubMade = run.want.epub ? editionEpub(run, book, faces, cover, pdfMade && starts.then((list) => (told = list))) : undefined;
  let [epub, pdf] = await Promise.all([epubMade, pdfMade]);
  // (a PDF laid out again after its first starts were told — a build cache entry found stale —
  // gives the EPUB the final ones)
  if (epub && pdf && told && JSON.stringify(told) !== JSON.stringify(pdf.pageStarts)) epub = await editionEpub(run, book, faces, cover, Promise.resolve(pdf.pageStarts));
  const outputs: Edition['outputs'] = {};
  if (epub) outputs.epub = epub;
  if (pdf && run.want.press) {
    const { pressPdf } = await pressRenderer();
    const digitsFace = fonts.find((font) => font.role === 'serif' && font.weight === 400)?.data;
    outputs.press = await run.stage('press', () => pressPdf(pdf.bytes, book, { configFile: run.manuscript.config.configFile, digitsFace }));
  }
  if (pdf) {
    if (run.formats.includes('pdf')) outputs.pdf = pdf.bytes;
    reportLayout(run, pdf, book, files, variant);
  }
  return outputs;
}

/** With the PDF laid out in the same run, the EPUB gets its page list (where each printed page
 *  starts), so it waits for the layout (vertical books have none). */
async function editionEpub(
  run: BuildRun,
  book: Book,
  { fonts, missing }: { fonts: FontSubset[]; missing: string },
  drawn: Promise<CoverImage | undefined> | undefined,
  starts: Promise<PageStart[]> | undefined,
): Promise<Buffer> {
  const pageStarts = starts && book.metadata.writingMode !== 'vertical-rl' ? await starts : [];
  return run.stage('epub', async () => {
    const cover: CoverImage | undefined = book.cover ? { data: book.cover.epubData, extension: book.cover.fileName.replace(/^.*\./, '') } : await drawn;
    const { renderEpub, placePages } = await epubRenderer();
    const pageList = pageStarts.length ? { list: placePages(book, pageStarts, missing), missing } : undefined;
    return renderEpub(book, { cover, fonts: fonts.filter((font) => !font.role.startsWith('svg')), pageList, cache: run.session.cache });
  });
}

/** Notes Paged.js left out, requests refused, the layout's stage times. */
function reportLayout(run: BuildRun, pdf: PdfResult, book: Book, files: VFile[], variant: Variant | undefined): void {
  for (const id of pdf.droppedNotes) {
    const chapter = book.chapters.find((c) => c.notes.some((note) => note.id === id));
    const note = chapter?.notes.find((n) => n.id === id);
    // Reported with the first edition's files (those are printed), naming the edition.
    const file = (chapter && files[chapter.index]) ?? run.notices;
    const pdfName = variant ? `the ${variant.name} PDF` : 'the PDF';
    file.message(`note ${note?.number ?? id} is missing from ${pdfName}: Paged.js left it off the page of its call (pagedjs/pagedjs#130); the EPUB has it`, {
      ruleId: rules.pdfNoteDropped,
      source: 'inkstone',
    });
  }
  for (const url of pdf.blocked) {
    run.notices.message(`the PDF page asked for ${url}, which is not part of the build; refused`, { ruleId: rules.requestBlocked, source: 'inkstone' });
  }
  for (const [key, value] of Object.entries(pdf.timings)) run.timings[`pdf:${key}`] = (run.timings[`pdf:${key}`] ?? 0) + value;
}

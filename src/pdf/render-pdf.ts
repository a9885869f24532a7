/**
 * Book → print PDF. The book becomes HTML (templates/print, print-document.ts) laid out in
 * Chromium:
 * - horizontal books by Paged.js (notes at the foot of the page); a long book is laid out in
 *   parts — the front matter and groups of chapters, each in its own page, two at a time — and
 *   the printed parts are joined (print-parts.ts, merge.ts), because Paged.js's work grows faster
 *   than the book;
 * - vertical books by Chromium's own pagination (Paged.js cannot lay out vertical text), with
 *   notes at the end of each chapter.
 * The result gets its metadata, bookmarks and fixed dates in post-process.
 */
import type { PDFDocument } from 'pdf-lib';
import type { Book } from '../book/model.js';
import type { BuildCache } from '../build-cache.js';
import { browserFailure, withBrowser, type Chromium } from '../browser/browser.js';
import { PageServer } from '../browser/page-server.js';
import type { FontSubset } from '../fonts/subset.js';
import { faceSources, type OneFaceReport } from './one-face.js';
import { PartCache } from './part-cache.js';
import { withPage, type Context, type Lap, type PageStart } from './page-pool.js';
import { largestPiece, printGroups, rectoIds, tocIds } from './part-plan.js';
import { printDocument, printFonts } from './print-document.js';
import { markMissing, type PrintAnchors } from './print-html.js';
import { printInParts } from './print-parts.js';
import { printNative, printPaged } from './print-steps.js';
import { finishPdf } from './postprocess.js';
import { ChapterPrints } from './chapter-prints.js';

export { printDocument, printFonts, type PrintDocument } from './print-document.js';
export type { PageStart } from './page-pool.js';

export interface PdfOptions {
  /** Reuse this browser instead of launching one. */
  browser?: Chromium;
  /** The book's face subset to its characters (else the full face is loaded). */
  fonts?: FontSubset[];
  /** Characters no face has: printed as 〓. */
  missing?: string;
  /** Time limit for each stage in the page (load, layout, print). Default 300 s. */
  timeoutMs?: number;
  /** Characters of text per part when laying out in parts. Default 15,000. */
  partSize?: number;
  /** Told where each page starts (sorted), as soon as every page is laid out: the EPUB's page
   *  list need not wait for the printing. Vertical books (Chromium's pagination) have none. */
  onPageStarts?: (starts: PageStart[]) => void;
  /** Told when Chromium starts laying out a book printed whole (it asks this process for nothing
   *  until it is done): a time for this process's own work. (A long book's parts are laid out
   *  two at a time: another page may be loading then.) */
  onLayingOut?: () => void;
  /** Keep the parts of a long book laid out here, and take those whose inputs are unchanged. */
  cache?: BuildCache | undefined;
}

export interface PdfResult {
  bytes: Buffer;
  pages: number;
  /** Requests the page made that were refused (none in a sound build). */
  blocked: string[];
  /** Ids of notes Paged.js left out of the layout (see paginateInPage). */
  droppedNotes: string[];
  /** Milliseconds per stage (stages of parts overlap). */
  timings: Record<string, number>;
  /** Fonts Chromium embedded (one per face per part) and fonts in the file (one per face). */
  fonts: OneFaceReport;
  /** The first body text of each page, for the EPUB's page list (none for vertical books,
   *  which Chromium paginates). */
  pageStarts: PageStart[];
}

export async function renderPdf(book: Book, options: PdfOptions = {}): Promise<PdfResult> {
  return options.browser ? renderWith(options.browser, book, options) : withBrowser((browser) => renderWith(browser, book, options));
}

async function renderWith(browser: Chromium, book: Book, options: PdfOptions): Promise<PdfResult> {
  const timings: Record<string, number> = {};
  const lap: Lap = (name, since) => {
    timings[name] = (timings[name] ?? 0) + Math.round(performance.now() - (since ?? 0));
  };
  const printed = await printBook(browser, book, options, lap);
  // Chromium's work is over: what follows is this process's (a failure here is not Chromium's,
  // and is not retried with a new one).
  try {
    const started = performance.now();
    const { document, contentKey, anchors, fonts } = printed;
    const faces = faceSources(options.fonts ?? []);
    const finished = await finishPdf(document, book, { contentKey, rtl: printed.vertical, anchor: (id) => anchors.get(id), mark: (text) => markMissing(text, fonts.missing), faces });
    lap('postprocess', started);
    const { server, context } = printed;
    return { bytes: finished.bytes, pages: finished.pages, blocked: server.blocked, droppedNotes: context.droppedNotes, timings, pageStarts: printed.starts(), fonts: finished.fonts };
  } finally {
    // (a long book's cache writes and pages' closing went on while the file was finished)
    await printed.settled;
    await printed.server.close();
  }
}

/** The book laid out and printed by Chromium, and what finishing the file needs. */
interface Printed {
  document: PDFDocument | Uint8Array;
  contentKey: string;
  anchors: PrintAnchors;
  fonts: ReturnType<typeof printFonts>;
  vertical: boolean;
  server: PageServer;
  context: Context;
  /** Where pages start, sorted. */
  starts: () => PageStart[];
  settled?: Promise<unknown> | undefined;
}

/** Chromium's part: a failure in it is Chromium's (browserFailure: retried once with a new one). */
async function printBook(browser: Chromium, book: Book, options: PdfOptions, lap: Lap): Promise<Printed> {
  let server: PageServer | undefined;
  try {
    const vertical = book.metadata.writingMode === 'vertical-rl';
    const groups = vertical ? [] : printGroups(book, options.partSize ?? 15_000);
    // Each step (load, fonts, layout, print) of the largest piece laid out at once: a minute and
    // a millisecond per character, at most five. A step that hangs (a vertical book's print did,
    // under a loaded machine, now and then) fails soon enough for the retry to finish the build.
    const timeout = options.timeoutMs ?? Math.min(300_000, 60_000 + largestPiece(book, vertical ? [book.chapters.map((_, i) => i)] : groups));
    const fonts = printFonts(book, options.fonts, options.missing);
    // Files every page of the book shares (fonts, images, Paged.js), from a document with no chapters.
    const shared = printDocument(book, { front: false, chapters: [] }, undefined, fonts);
    server = await PageServer.start(shared.routes, fonts.folders);
    const starts = () => context.pageStarts.sort((a, b) => a.page - b.page);
    const context: Context = { timeout, lap, server, droppedNotes: [], pageStarts: [], startsKnown: () => options.onPageStarts?.([...starts()]), layingOut: options.onLayingOut };
    const common = { fonts, vertical, server, context, starts };
    if (groups.length > 1) {
      const { cache } = options;
      const caches = cache && { parts: () => PartCache.open(cache, browser, shared), prints: await ChapterPrints.open(cache, book.chapters) };
      return { ...common, ...(await printInParts(browser, book, groups, fonts, context, caches)) };
    }
    const whole = printDocument(book, undefined, undefined, fonts);
    const { anchors } = whole;
    const document = await withPage(browser, whole, context, (page) =>
      vertical ? printNative(page, tocIds(book.toc, anchors), rectoIds(book, anchors), timeout, lap) : printPaged(page, context),
    );
    return { ...common, document, contentKey: whole.html, anchors };
  } catch (error) {
    await server?.close();
    throw browserFailure(error, 'rendering the PDF in Chromium');
  }
}

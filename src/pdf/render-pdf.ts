/**
 * Book → print PDF. The book becomes HTML (templates/print) laid out in Chromium:
 * - horizontal books by Paged.js (notes at the foot of the page); a long book is laid out in
 *   parts — the front matter and groups of chapters, each in its own page, two at a time — and
 *   the printed parts are joined (merge.ts), because Paged.js's work grows faster than the book;
 * - vertical books by Chromium's own pagination (Paged.js cannot lay out vertical text), with
 *   notes at the end of each chapter.
 * The result gets its metadata, bookmarks and fixed dates in post-process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { toString } from 'hast-util-to-string';
import type { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer';
import type { Book, TocEntry } from '../book/model.js';
import { limit, browserFailure, withBrowser } from '../browser/browser.js';
import { PageServer, type Route } from '../browser/page-server.js';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { bookFont, fontRoutes, type FontRoutes } from '../fonts/fonts.js';
import type { FontSubset } from '../fonts/subset.js';
import { bookSheets } from '../book/presentation.js';
import { readTemplate } from '../templates.js';
import { breaksInPage } from './in-page-breaks.js';
import { anchorsInPage, fastFramesInPage, blankPagesInPage, fillContentsInPage, loadFontsInPage, pageStartsInPage, paginateInPage, preparePartInPage } from './in-page.js';
import { linkPrefix, mergeParts, parsePart, type AnchorPlace, type PrintedPart } from './merge.js';
import { faceSources, type OneFaceReport } from './one-face.js';
import { finishPdf, namedDestinationPages } from './postprocess.js';
import { svgWithFonts } from './svg-fonts.js';
import { markMissing, PrintAnchors, printHtml, type PrintPart } from './print-html.js';

export interface PdfOptions {
  /** Reuse this browser instead of launching one. */
  browser?: Browser;
  /** The book's face subset to its characters (else the full face is loaded). */
  fonts?: FontSubset[];
  /** Characters no face has: printed as 〓. */
  missing?: string;
  /** Time limit for each stage in the page (load, layout, print). Default 300 s. */
  timeoutMs?: number;
  /** Characters of text per part when laying out in parts. Default 15,000. */
  partSize?: number;
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

export interface PageStart {
  page: number;
  text: string;
  /** A page of the front matter: which one. */
  front: string | undefined;
}

const require = createRequire(import.meta.url);
/** Paged.js's browser build, minified (the package exports only its module entry points). */
const pagedScript = path.join(path.dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.min.js');
const printOptions = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: false } as const;
/** Parts laid out at the same time (one per core of a small machine). */
const concurrency = 2;

export async function renderPdf(book: Book, options: PdfOptions = {}): Promise<PdfResult> {
  return options.browser ? renderWith(options.browser, book, options) : withBrowser((browser) => renderWith(browser, book, options));
}

export interface PrintDocument {
  fonts: FontRoutes;
  anchors: PrintAnchors;
  /** The print HTML. */
  html: string;
  /** Everything else the page may load, by path (the same for every part of a book). */
  routes: Map<string, Route>;
}

/**
 * How the print pages get the book's faces: their subsets (the full face alone without subsets).
 * Made once per book: every part shares it.
 */
export function printFonts(book: Book, subsets: FontSubset[] = [], missing = ''): FontRoutes {
  return fontRoutes(bookFont(book.metadata.lang), subsets, missing);
}

/**
 * A print document (the whole book, or one part of it) and every file it uses: for Chromium
 * here, and for `inkstone watch`'s preview.
 */
export function printDocument(book: Book, part?: PrintPart, anchors = new PrintAnchors(), fonts = printFonts(book)): PrintDocument {
  const vertical = book.metadata.writingMode === 'vertical-rl';
  const layoutCss = vertical ? '/print/vertical.css' : '/print/paged.css';
  // fonts.css declares the subsets; Paged.js need not process it, but it is small
  const html = printHtml(
    book,
    {
      fontStylesheets: fonts.stylesheets,
      styles: [readTemplate('css/typography.css'), readTemplate('print/base.css'), readTemplate(layoutCss.slice(1)), fonts.css, ...bookSheets(book, 'pdf')],
      notes: vertical ? 'endnote' : 'footnote',
      missing: fonts.missing,
    },
    anchors,
    part,
  );
  const routes = new Map<string, Route>([
    ['/paged.js', { file: pagedScript, type: 'text/javascript; charset=utf-8' }],
    ...fonts.files,
    ...book.images.map((image): [string, Route] => [`/images/${image.fileName}`, { body: image.svgText ? svgWithFonts(image.data, fonts.svg, fonts.missing) : image.data, type: image.mediaType }]),
  ]);
  return { fonts, anchors, html, routes };
}

/** Anchors of the chapters that open on a recto: parts always, every chapter with
 *  `page.chapter-start: right` (the anchor the contents link to: the chapter's heading). */
function rectoIds(book: Book, anchors: PrintAnchors): string[] {
  return book.chapters
    .filter((chapter) => chapter.kind === 'part' || book.print.chapterStart === 'right')
    .map((chapter) => anchors.get(chapter.headings.find((heading) => heading.depth === 1)?.id ?? chapter.id));
}

function tocIds(entries: TocEntry[], anchors: PrintAnchors): string[] {
  return entries.flatMap((entry) => [anchors.get(entry.id), ...tocIds(entry.children, anchors)]);
}

/**
 * Chapters grouped into parts of at least `size` characters, in order. A book that opens its
 * chapters on right-hand pages gets one chapter per part, so each part starts a chapter.
 */
export function printGroups(book: Book, size: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let length = 0;
  for (const chapter of book.chapters) {
    current.push(chapter.index);
    length += chapterLength(chapter);
    if (length >= size || book.print.chapterStart === 'right') {
      groups.push(current);
      current = [];
      length = 0;
    }
  }
  if (current.length) groups.push(current);
  return groups;
}

type Lap = (name: string, since?: number) => void;

/** Characters of a chapter: its text and its notes'. */
function chapterLength(chapter: Book['chapters'][number]): number {
  return toString(chapter.body).length + chapter.notes.reduce((n, note) => n + toString({ type: 'root', children: note.content }).length, 0);
}

/** Characters of the largest group of chapters. */
function largestPiece(book: Book, groups: number[][]): number {
  return Math.max(0, ...groups.map((group) => group.reduce((n, i) => n + (book.chapters[i] ? chapterLength(book.chapters[i]) : 0), 0)));
}

async function renderWith(browser: Browser, book: Book, options: PdfOptions): Promise<PdfResult> {
  const timings: Record<string, number> = {};
  const lap: Lap = (name, since) => {
    timings[name] = (timings[name] ?? 0) + Math.round(performance.now() - (since ?? 0));
  };
  let server: PageServer | undefined;
  try {
    const vertical = book.metadata.writingMode === 'vertical-rl';
    const groups = vertical ? [] : printGroups(book, options.partSize ?? 15_000);
    // Each step (load, fonts, layout, print) of the largest piece laid out at once: a minute and
    // a millisecond per character, at most five. A step that hangs (a vertical book's print did,
    // under a loaded machine, now and then) fails soon enough for the retry to finish the build.
    const timeout = options.timeoutMs ?? Math.min(300_000, 60_000 + largestPiece(book, vertical ? [book.chapters.map((_, i) => i)] : groups));
    const fonts = printFonts(book, options.fonts, options.missing);
    let document: PDFDocument | Uint8Array;
    let contentKey: string;
    let anchors: PrintAnchors;
    // Files every page of the book shares (fonts, images, Paged.js), from a document with no chapters.
    const shared = printDocument(book, { front: false, chapters: [] }, undefined, fonts);
    server = await PageServer.start(shared.routes, fonts.folders);
    const context: Context = { timeout, lap, server, droppedNotes: [], pageStarts: [] };
    if (groups.length > 1) {
      ({ document, contentKey, anchors } = await printInParts(browser, book, groups, fonts, context));
    } else {
      const whole = printDocument(book, undefined, undefined, fonts);
      ({ anchors } = whole);
      contentKey = whole.html;
      document = await withPage(browser, whole, context, (page) =>
        vertical
          ? printNative(page, tocIds(book.toc, anchors), rectoIds(book, anchors), timeout, lap)
          : printPaged(page, context),
      );
    }
    const started = performance.now();
    const faces = faceSources(options.fonts ?? []);
    const { bytes, pages, fonts: fontCount } = await finishPdf(document, book, { contentKey, rtl: vertical, anchor: (id) => anchors.get(id), mark: (text) => markMissing(text, fonts.missing), faces });
    lap('postprocess', started);
    const pageStarts = context.pageStarts.sort((a, b) => a.page - b.page);
    return { bytes, pages, blocked: server.blocked, droppedNotes: context.droppedNotes, timings, pageStarts, fonts: fontCount };
  } catch (error) {
    throw browserFailure(error, 'rendering the PDF in Chromium');
  } finally {
    await server?.close();
  }
}

interface Context {
  timeout: number;
  lap: Lap;
  server: PageServer;
  droppedNotes: string[];
  /** Where each printed page starts (folio = page in the joined PDF). */
  pageStarts: PageStart[];
}

let documents = 0;

/** Opens a page with the document and its fonts loaded, runs `work`, closes the page. */
async function withPage<T>(browser: Browser, doc: PrintDocument, context: Context, work: (page: Page) => Promise<T>): Promise<T> {
  const opened = await openPage(browser, doc, context);
  try {
    return await work(opened);
  } finally {
    await closePage(opened);
  }
}

/** Closes a page; one that does not close in 10 s is left to the browser's restart (a close
 *  that never answered would hold the build). */
async function closePage(page: Page): Promise<void> {
  await limit(page.close(), 10_000, 'closing a page').catch(() => {});
}

async function openPage(browser: Browser, doc: PrintDocument, context: Context): Promise<Page> {
  const started = performance.now();
  const page = await limit(browser.newPage(), context.timeout, 'opening a page');
  try {
    page.setDefaultTimeout(context.timeout);
    await context.server.guard(page);
    await loadDocument(page, doc, context, started);
    return page;
  } catch (error) {
    await closePage(page);
    throw error;
  }
}

/** Loads `doc` into `page` (new, or done with another part) with its fonts. */
async function loadDocument(page: Page, doc: PrintDocument, { timeout, lap, server }: Context, since = performance.now()): Promise<void> {
  let started = since;
  const pathname = `/book-${++documents}.html`;
  server.add(pathname, { body: doc.html, type: 'text/html; charset=utf-8' });
  // (Background tabs get no animation frames; fastFramesInPage makes Paged.js need none.)
  await page.goto(`${server.origin}${pathname}`, { waitUntil: 'load', timeout });
  lap('load', started);
  started = performance.now();
  await limit(page.evaluate(loadFontsInPage, doc.fonts.loads), timeout, 'loading the fonts');
  lap('fonts', started);
}

/**
 * Pages for the parts of a long book, each used for one part after another: a page that has
 * printed its part loads the next. Measured on the 300,000-character book: a fresh page cost
 * 0.15–0.25 s more per part than a used one (its start, a cold renderer, its fonts loaded anew).
 * A page whose part failed is closed, not used again.
 */
function pagePool(browser: Browser, context: Context) {
  const idle: Page[] = [];
  const open = new Set<Page>();
  return {
    async use<T>(doc: PrintDocument, work: (page: Page) => Promise<T>): Promise<T> {
      const reused = idle.pop();
      const page = reused ?? (await openPage(browser, doc, context));
      open.add(page);
      try {
        if (reused) await loadDocument(page, doc, context);
        const result = await work(page);
        idle.push(page);
        return result;
      } catch (error) {
        open.delete(page);
        await closePage(page);
        throw error;
      }
    },
    async close(): Promise<void> {
      await Promise.all([...open].map((page) => closePage(page)));
    },
  };
}


async function paginate(page: Page, { server, timeout, lap, droppedNotes }: Context): Promise<number> {
  const started = performance.now();
  await limit(page.evaluate(fastFramesInPage), timeout, 'preparing the page');
  await page.addScriptTag({ url: `${server.origin}/paged.js` });
  await limit(page.evaluate(breaksInPage), timeout, 'marking the breaks');
  const report = await limit(page.evaluate(paginateInPage), timeout, 'laying out the pages');
  droppedNotes.push(...report.droppedNotes);
  lap('pagination', started);
  return report.pages;
}

async function print(page: Page, timeout: number, lap: Lap): Promise<Uint8Array> {
  const started = performance.now();
  const raw = await page.pdf({ ...printOptions, timeout });
  lap('print', started);
  return raw;
}

/** Horizontal books in one piece: Paged.js paginates, places footnotes and fills in the contents. */
async function printPaged(page: Page, context: Context): Promise<Uint8Array> {
  await paginate(page, context);
  context.pageStarts.push(...(await limit(page.evaluate(pageStartsInPage), context.timeout, 'reading where pages start')));
  return print(page, context.timeout, context.lap);
}

/**
 * Vertical books: Chromium paginates. Page numbers for the contents come from a first print
 * (the named destinations of the chapters); the contents page keeps its size, so the second
 * print has the same pages. Chromium does not honour `break-before: left/right` in vertical
 * text, so chapters that must open on a recto (`rectoChapters`) get a blank page before them
 * where the first print put them on a verso, and the book is printed once more.
 */
async function printNative(page: Page, ids: string[], rectoChapters: string[], timeout: number, lap: Lap): Promise<Uint8Array> {
  let first = await print(page, timeout, lap);
  if (rectoChapters.length) {
    const starts = await namedDestinationPages(first, rectoChapters);
    let shift = 0;
    const blanks: string[] = [];
    for (const id of rectoChapters) {
      const start = starts[id];
      if (start === undefined || (start + shift) % 2 === 1) continue;
      blanks.push(id);
      shift += 1;
    }
    if (blanks.length) {
      await limit(page.evaluate(blankPagesInPage, blanks), timeout, 'adding blank pages');
      first = await print(page, timeout, lap);
    }
  }
  if (!ids.length) return first;
  const pages = await namedDestinationPages(first, ids);
  await limit(page.evaluate(fillContentsInPage, pages), timeout, 'filling in the contents');
  return print(page, timeout, lap);
}

/** Every anchor a link of the book may point at, as the print documents name them (notes' own
 *  calls are made by Paged.js, so notes are added by hand). */
function linkTargets(book: Book, docs: PrintDocument[], anchors: PrintAnchors): string[] {
  const ids = new Set<string>();
  for (const doc of docs) for (const match of doc.html.matchAll(/href="#([^"]+)"/g)) if (match[1]) ids.add(decodeURIComponent(match[1]));
  for (const chapter of book.chapters) for (const note of chapter.notes) ids.add(anchors.get(note.id));
  return [...ids];
}

/** A counter of free slots: `run` waits for one. */
function slots(count: number): <T>(work: () => Promise<T>) => Promise<T> {
  let free = count;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}

/**
 * A long horizontal book, laid out in parts: the front matter first (its page count moves every
 * later folio), then the groups of chapters, two at a time. A part prints as soon as the parts
 * before it are laid out — then its folios, sides and links are known — so only a few pages are
 * open at once. The front matter prints last, with the contents' page numbers.
 */
async function printInParts(
  browser: Browser,
  book: Book,
  groups: number[][],
  fonts: FontRoutes,
  context: Context,
): Promise<{ document: PDFDocument; contentKey: string; anchors: PrintAnchors }> {
  const { server } = context;
  const anchors = new PrintAnchors();
  const parts: PrintPart[] = [{ front: true, chapters: [] }, ...groups.map((chapters) => ({ front: false, chapters }))];
  const docs = parts.map((part) => printDocument(book, part, anchors, fonts));
  const targets = linkTargets(book, docs, anchors);
  const rightStart = book.print.chapterStart === 'right';

  const front = await openPage(browser, docs[0] as PrintDocument, context);
  const pool = pagePool(browser, context);
  try {
    const frontPages = await paginate(front, context);
    context.pageStarts.push(...(await front.evaluate(pageStartsInPage)));
    const frontAnchors = await front.evaluate(anchorsInPage, targets);

    // Each part's page count, as it becomes known; its first folio follows from the ones before.
    const counts = groups.map(() => {
      let resolve!: (pages: number) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<number>((res, rej) => ((resolve = res), (reject = rej)));
      promise.catch(() => {});
      return { promise, resolve, reject };
    });
    const blanks: boolean[] = [];
    const offsetOf = async (index: number): Promise<number> => {
      let offset = frontPages;
      for (let i = 0; i <= index; i++) {
        // a right-hand chapter (or a part) opening after an odd number of pages gets a blank page first
        const opensPart = book.chapters[groups[i]?.[0] ?? -1]?.kind === 'part';
        const blank = (rightStart || opensPart) && offset % 2 === 1;
        blanks[i] = blank;
        if (blank) offset += 1;
        if (i < index) offset += await (counts[i] as (typeof counts)[number]).promise;
      }
      return offset;
    };

    const run = slots(concurrency);
    const printed = await Promise.all(
      groups.map((_, index) =>
        run(async () => {
          const count = counts[index] as (typeof counts)[number];
          try {
            return await pool.use(docs[index + 1] as PrintDocument, async (page) => {
              const pages = await paginate(page, context);
              count.resolve(pages);
              const places = await limit(page.evaluate(anchorsInPage, targets), context.timeout, 'reading the anchors');
              const starts = await limit(page.evaluate(pageStartsInPage), context.timeout, 'reading where pages start');
              const offset = await offsetOf(index);
              context.pageStarts.push(...starts.map((start) => ({ ...start, page: start.page + offset })));
              await limit(page.evaluate(preparePartInPage, offset, offset % 2 === 1, linkPrefix), context.timeout, 'numbering the part');
              const bytes = await print(page, context.timeout, context.lap);
              const parsed = parsePart(bytes);
              parsed.catch(() => {});
              return { bytes, parsed, places: places.map((p) => ({ id: p.id, page: p.page + offset, top: p.top * 0.75 })) };
            });
          } catch (error) {
            count.reject(error);
            throw error;
          }
        }),
      ),
    );

    // The front matter, last: the contents get their page numbers.
    const all: AnchorPlace[] = [...frontAnchors.map((p) => ({ id: p.id, page: p.page, top: p.top * 0.75 })), ...printed.flatMap((p) => p.places)];
    const pageOf = Object.fromEntries(all.map((place) => [place.id, place.page]));
    await front.evaluate(fillContentsInPage, pageOf);
    await front.evaluate(preparePartInPage, 0, false, linkPrefix);
    const frontBytes = await print(front, context.timeout, context.lap);

    const started = performance.now();
    const pieces: PrintedPart[] = [
      { bytes: frontBytes, blankBefore: false },
      ...printed.map((part, index) => ({ bytes: part.bytes, parsed: part.parsed, blankBefore: blanks[index] ?? false })),
    ];
    const document = await mergeParts(pieces, all);
    context.lap('merge', started);
    return { document, contentKey: docs.map((doc) => doc.html).join('\n'), anchors };
  } finally {
    await Promise.all([closePage(front), pool.close()]);
  }
}

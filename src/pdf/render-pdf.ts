/**
 * Book → print PDF: one HTML document (templates/print) laid out in Chromium — by Paged.js for
 * horizontal books (notes at the foot of the page), by Chromium's own pagination for vertical
 * ones (Paged.js cannot lay out vertical text; notes at the chapter's end) — printed, then
 * given its metadata, bookmarks and fixed dates (post-process).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer';
import type { Book, TocEntry } from '../book/model.js';
import { withBrowser } from '../browser/browser.js';
import { origin, servePage, type Route } from '../browser/page-server.js';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { bookFont, fontRoutes, type BookFont } from '../fonts/fonts.js';
import { readTemplate } from '../templates.js';
import { fillContentsInPage, loadFontsInPage, paginateInPage } from './in-page.js';
import { finishPdf, namedDestinationPages } from './postprocess.js';
import { PrintAnchors, printHtml } from './print-html.js';

export interface PdfOptions {
  /** Reuse this browser instead of launching one. */
  browser?: Browser;
  /** Time limit for each stage in the page (load, layout, print). Default 120 s. */
  timeoutMs?: number;
}

export interface PdfResult {
  bytes: Buffer;
  pages: number;
  /** Requests the page made that were refused (none in a sound build). */
  blocked: string[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

const require = createRequire(import.meta.url);
/** Paged.js's browser build (the package exports only its module entry points). */
const pagedScript = path.join(path.dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.js');

export async function renderPdf(book: Book, options: PdfOptions = {}): Promise<PdfResult> {
  return options.browser ? renderWith(options.browser, book, options) : withBrowser((browser) => renderWith(browser, book, options));
}

export interface PrintDocument {
  font: BookFont;
  fonts: ReturnType<typeof fontRoutes>;
  anchors: PrintAnchors;
  /** The print HTML, served as /book.html. */
  html: string;
  /** Everything the page may load, by path. */
  routes: Map<string, Route>;
}

/** The print document and every file it uses: for Chromium here, and for `inkstone watch`'s preview. */
export function printDocument(book: Book): PrintDocument {
  const vertical = book.metadata.writingMode === 'vertical-rl';
  const font = bookFont(book.metadata.lang);
  const fonts = fontRoutes(font);
  const layoutCss = vertical ? '/print/vertical.css' : '/print/paged.css';
  const anchors = new PrintAnchors();
  const html = printHtml(
    book,
    {
      stylesheets: [...fonts.stylesheets, '/css/typography.css', '/print/base.css', layoutCss, '/print/fonts.css'],
      notes: vertical ? 'endnote' : 'footnote',
    },
    anchors,
  );
  const routes = new Map<string, Route>([
    ['/book.html', { body: html, type: 'text/html; charset=utf-8' }],
    ['/css/typography.css', { body: readTemplate('css/typography.css'), type: 'text/css' }],
    ['/print/base.css', { body: readTemplate('print/base.css'), type: 'text/css' }],
    [layoutCss, { body: readTemplate(layoutCss.slice(1)), type: 'text/css' }],
    ['/print/fonts.css', { body: fonts.css, type: 'text/css' }],
    ['/paged.js', { file: pagedScript }],
    ...book.images.map((image): [string, Route] => [`/images/${image.fileName}`, { body: image.data, type: image.mediaType }]),
  ]);
  return { font, fonts, anchors, html, routes };
}

function tocIds(entries: TocEntry[], anchors: PrintAnchors): string[] {
  return entries.flatMap((entry) => [anchors.get(entry.id), ...tocIds(entry.children, anchors)]);
}

async function renderWith(browser: Browser, book: Book, options: PdfOptions): Promise<PdfResult> {
  const timeout = options.timeoutMs ?? 120_000;
  const vertical = book.metadata.writingMode === 'vertical-rl';
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };

  const { font, fonts, anchors, html, routes } = printDocument(book);
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(timeout);
    const server = await servePage(page, routes, fonts.folders);
    await page.goto(`${origin}/book.html`, { waitUntil: 'load', timeout });
    lap('load');
    await limit(page.evaluate(loadFontsInPage, [font.family]), timeout, 'loading the fonts');
    lap('fonts');
    const raw = vertical ? await printNative(page, tocIds(book.toc, anchors), timeout, lap) : await printPaged(page, timeout, lap);
    const { bytes, pages } = await finishPdf(raw, book, { contentKey: html, rtl: vertical, anchor: (id) => anchors.get(id) });
    lap('postprocess');
    return { bytes, pages, blocked: server.blocked, timings };
  } catch (error) {
    if (error instanceof InkstoneError) throw error;
    // a crash, a closed target, a protocol error: Chromium's fault, not the manuscript's
    throw new InkstoneError(`rendering the PDF in Chromium failed: ${(error as Error).message.split('\n')[0]}`, {
      kind: 'environment',
      ruleId: rules.browserFailed,
      cause: error,
    });
  } finally {
    await page.close().catch(() => {});
  }
}

const printOptions = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: false } as const;

/** `work`, or a browser-failed error once `ms` have passed. */
async function limit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InkstoneError(`Chromium did not finish ${what} in ${ms / 1000} s`, { kind: 'environment', ruleId: rules.browserFailed })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Horizontal books: Paged.js paginates, places footnotes and fills in the contents. */
async function printPaged(page: Page, timeout: number, lap: (name: string) => void): Promise<Uint8Array> {
  await page.addScriptTag({ url: `${origin}/paged.js` });
  await limit(page.evaluate(paginateInPage), timeout, 'laying out the pages');
  lap('pagination');
  const raw = await page.pdf({ ...printOptions, timeout });
  lap('print');
  return raw;
}

/**
 * Vertical books: Chromium paginates. Page numbers for the contents come from a first print
 * (the named destinations of the chapters); the contents page keeps its size, so the second
 * print has the same pages.
 */
async function printNative(page: Page, ids: string[], timeout: number, lap: (name: string) => void): Promise<Uint8Array> {
  const first = await page.pdf({ ...printOptions, timeout });
  lap('print');
  if (!ids.length) return first;
  const pages = await namedDestinationPages(first, ids);
  await page.evaluate(fillContentsInPage, pages);
  const second = await page.pdf({ ...printOptions, timeout });
  lap('print:contents');
  return second;
}

/**
 * Book → print PDF: one HTML document (templates/print) laid out by Paged.js in Chromium,
 * printed, then given its metadata, bookmarks and fixed dates (post-process).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import type { Book } from '../book/model.js';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';
import { readTemplate } from '../templates.js';
import { withBrowser } from '../browser/browser.js';
import { bookFont, fontRoutes } from '../fonts/fonts.js';
import { paginateInPage, type LayoutReport } from './in-page.js';
import { origin, servePage, type Route } from '../browser/page-server.js';
import { finishPdf } from './postprocess.js';
import { printHtml } from './print-html.js';

export interface PdfOptions {
  /** Reuse this browser instead of launching one. */
  browser?: Browser;
  /** Time limit for each stage in the page (load, layout, print). Default 120 s. */
  timeoutMs?: number;
}

export interface PdfResult {
  bytes: Buffer;
  layout: LayoutReport;
  /** Requests the page made that were refused (none in a sound build). */
  blocked: string[];
  timings: Record<string, number>;
}

const require = createRequire(import.meta.url);
/** Paged.js's browser build (the package exports only its module entry points). */
const pagedScript = path.join(path.dirname(require.resolve('pagedjs')), '..', 'dist', 'paged.js');

export async function renderPdf(book: Book, options: PdfOptions = {}): Promise<PdfResult> {
  return options.browser ? renderWith(options.browser, book, options) : withBrowser((browser) => renderWith(browser, book, options));
}

async function renderWith(browser: Browser, book: Book, options: PdfOptions): Promise<PdfResult> {
  const timeout = options.timeoutMs ?? 120_000;
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
  };

  const font = bookFont(book.metadata.lang);
  const fonts = fontRoutes(font);
  const stylesheets = [
    ...fonts.stylesheets,
    '/css/typography.css',
    '/print/print.css',
    '/print/fonts.css',
  ];
  const html = printHtml(book, { stylesheets });
  const routes = new Map<string, Route>([
    ['/book.html', { body: html, type: 'text/html; charset=utf-8' }],
    ['/css/typography.css', { body: readTemplate('css/typography.css'), type: 'text/css' }],
    ['/print/print.css', { body: readTemplate('print/print.css'), type: 'text/css' }],
    ['/print/fonts.css', { body: fonts.css, type: 'text/css' }],
    ['/paged.js', { file: pagedScript }],
  ]);

  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(timeout);
    const server = await servePage(page, routes, fonts.folders);
    await page.goto(`${origin}/book.html`, { waitUntil: 'load', timeout });
    lap('load');
    await page.addScriptTag({ url: `${origin}/paged.js` });
    const anchorIds = book.toc.flatMap((entry) => [entry.id, ...entry.children.map((child) => child.id)]);
    const layout = await page.evaluate(paginateInPage, [font.family], anchorIds);
    timings['fonts'] = Math.round(layout.fontsMs);
    timings['pagination'] = Math.round(layout.layoutMs);
    mark = performance.now();
    const raw = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: false, timeout });
    lap('print');
    const bytes = await finishPdf(raw, book, layout, html);
    lap('postprocess');
    return { bytes, layout, blocked: server.blocked, timings };
  } catch (error) {
    if (error instanceof InkstoneError) throw error;
    throw new InkstoneError(`rendering the PDF in Chromium failed: ${(error as Error).message.split('\n')[0]}`, {
      kind: 'environment',
      ruleId: rules.browserFailed,
      cause: error,
    });
  } finally {
    await page.close().catch(() => {});
  }
}

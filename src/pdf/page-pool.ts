/**
 * Chromium pages holding print documents: opened with the document and its fonts loaded, used
 * for one part after another, closed within a bounded time.
 */
import type { Page } from 'puppeteer-core';
import { limit, type Chromium } from '../browser/browser.js';
import type { PageServer } from '../browser/page-server.js';
import { loadFontsInPage } from './in-page.js';
import type { PrintDocument } from './print-document.js';

export type Lap = (name: string, since?: number) => void;

export interface PageStart {
  page: number;
  text: string;
  /** A page of the front matter: which one. */
  front: string | undefined;
}

export interface Context {
  timeout: number;
  lap: Lap;
  server: PageServer;
  droppedNotes: string[];
  /** Where each printed page starts (folio = page in the joined PDF). */
  pageStarts: PageStart[];
  /** Called once `pageStarts` has every page (before the printing is over). */
  startsKnown: () => void;
  /** Called when Chromium starts laying out a document (it asks this process for nothing until
   *  it is done): a time for work in Node. */
  layingOut?: () => void;
}

let documents = 0;

/** Opens a page with the document and its fonts loaded, runs `work`, closes the page. */
export async function withPage<T>(browser: Chromium, doc: PrintDocument, context: Context, work: (page: Page) => Promise<T>): Promise<T> {
  const opened = await openPage(browser, doc, context);
  try {
    return await work(opened);
  } finally {
    await closePage(opened);
  }
}

/** Closes a page; one that does not close in 10 s is left to the browser's restart (a close
 *  that never answered would hold the build). */
export async function closePage(page: Page): Promise<void> {
  await limit(page.close(), 10_000, 'closing a page').catch(() => {});
}

export async function openPage(browser: Chromium, doc: PrintDocument, context: Context): Promise<Page> {
  const started = performance.now();
  const page = await limit(browser.newPage(), context.timeout, 'opening a page');
  try {
    page.setDefaultTimeout(context.timeout);
    // Laid out in the media it is printed in: the print has less to style again (the
    // 300,000-character book's printing took a tenth less; the PDF is byte for byte the same).
    // (Paged.js applies `@media print` rules on the screen too: the layout is the same.)
    await page.emulateMediaType('print');
    await context.server.guard(page);
    await loadDocument(page, doc, context, started);
    return page;
  } catch (error) {
    await closePage(page);
    throw error;
  }
}

/** Loads `doc` into `page` (new, or done with another part) with its fonts. */
export async function loadDocument(page: Page, doc: PrintDocument, { timeout, lap, server }: Context, since = performance.now()): Promise<void> {
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
export function pagePool(browser: Chromium, context: Context) {
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

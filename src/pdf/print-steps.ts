/**
 * The steps of printing a document in a page: Paged.js's layout (horizontal books) or Chromium's
 * own (vertical books), then page.pdf().
 */
import type { Page } from 'puppeteer-core';
import { limit } from '../browser/browser.js';
import { breakHelpers, breaksInPage } from './in-page-breaks.js';
import { blankPagesInPage, fastFramesInPage, fillContentsInPage, loadFontsInPage, pageStartsInPage } from './in-page.js';
import { paginateHelpers, paginateInPage } from './in-page-layout.js';
import type { Context, Lap } from './page-pool.js';
import { namedDestinationPages } from './postprocess.js';

const printOptions = { preferCSSPageSize: true, printBackground: true, tagged: true, outline: false } as const;

/** The page functions paginate() runs, declared in the page: what breaksInPage and
 *  paginateInPage call. */
const pageFunctions = () => [...breakHelpers, ...paginateHelpers].map(String).join('\n');

/**
 * The same layout as the PDF's, as a script of its own for a page that loads paged.js itself
 * (`inkstone watch`'s preview): the faces loaded, Inkstone's breaks and note numbers, Paged.js.
 */
export function layoutScript(loads: Parameters<typeof loadFontsInPage>[0]): string {
  return `${pageFunctions()}\n(${String(loadFontsInPage)})(${JSON.stringify(loads)}).then(() => { (${String(breaksInPage)})(); return (${String(paginateInPage)})(); });\n`;
}

/** Lays out the document in the page: its page count, and the notes Paged.js left out. */
export async function paginate(page: Page, { server, timeout, lap, layingOut }: Context): Promise<{ pages: number; droppedNotes: string[] }> {
  const started = performance.now();
  await limit(page.evaluate(fastFramesInPage), timeout, 'preparing the page');
  await page.addScriptTag({ url: `${server.origin}/paged.js` });
  // The helpers that breaksInPage and paginateInPage call, as globals of the page: each is
  // self-contained, so its source declares it there.
  await limit(page.evaluate(pageFunctions()), timeout, 'declaring the page functions');
  await limit(page.evaluate(breaksInPage), timeout, 'marking the breaks');
  layingOut?.();
  const report = await limit(page.evaluate(paginateInPage), timeout, 'laying out the pages');
  lap('pagination', started);
  return report;
}

export async function print(page: Page, timeout: number, lap: Lap): Promise<Uint8Array> {
  const started = performance.now();
  const raw = await page.pdf({ ...printOptions, timeout });
  lap('print', started);
  return raw;
}

/** Horizontal books in one piece: Paged.js paginates, places footnotes and fills in the contents. */
export async function printPaged(page: Page, context: Context): Promise<Uint8Array> {
  context.droppedNotes.push(...(await paginate(page, context)).droppedNotes);
  context.pageStarts.push(...(await limit(page.evaluate(pageStartsInPage), context.timeout, 'reading where pages start')));
  return printThen(page, context, context.startsKnown);
}

/** Prints, and calls `asked` once the print is asked of Chromium: work in this process that it
 *  starts (the EPUB, told where pages start) no longer holds the request back (it did by 0.6 s
 *  on the 300,000-character book). */
export function printThen(page: Page, { timeout, lap }: Pick<Context, 'timeout' | 'lap'>, asked: () => void): Promise<Uint8Array> {
  const printing = print(page, timeout, lap);
  setImmediate(asked);
  return printing;
}

/**
 * Vertical books: Chromium paginates. Page numbers for the contents come from a first print
 * (the named destinations of the chapters); the contents page keeps its size, so the second
 * print has the same pages. Chromium does not honour `break-before: left/right` in vertical
 * text, so chapters that must open on a recto (`rectoChapters`) get a blank page before them
 * where the first print put them on a verso, and the book is printed once more.
 */
export async function printNative(page: Page, ids: string[], rectoChapters: string[], timeout: number, lap: Lap): Promise<Uint8Array> {
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

/**
 * A long book's front matter (print-parts.ts): laid out first (unless its cache entry has the
 * layout), printed once every group is laid out, when the contents' page numbers are known
 * (unless it was printed with the same numbers before).
 */
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import { limit, type Chromium } from '../browser/browser.js';
import { fillContentsInPage, preparePartInPage } from './in-page.js';
import { linkPrefix, parsePart, type AnchorPlace } from './merge.js';
import { closePage, openPage, type Context } from './page-pool.js';
import type { KeptEntry, PartLayout } from './part-cache.js';
import { decodePart } from './part-objects.js';
import { keep, layOut, type PartStore } from './part-layout.js';
import type { PrintDocument } from './print-document.js';
import { print } from './print-steps.js';

export function frontPrinter(browser: Chromium, doc: PrintDocument, targets: string[], context: Context, cached: KeptEntry | undefined, store: PartStore) {
  let page: Page | undefined;
  let layout: PartLayout | undefined = cached;
  // (closing waits for a page still being opened: laid out beside the groups, the front matter
  // may still be opening its page when a group fails)
  let opening: Promise<unknown> = Promise.resolve();
  const open = async (): Promise<{ page: Page; layout: PartLayout }> => {
    const opened = openPage(browser, doc, context);
    opening = opened.catch(() => {});
    page = await opened;
    layout = await layOut(page, targets, context);
    // laid out again after its entry gave the page count: it must be the same
    if (cached && layout.pages !== cached.pages) store.stale.found = true;
    return { page, layout };
  };
  return {
    layOut: async (): Promise<PartLayout> => layout ?? (await open()).layout,
    async print(all: AnchorPlace[]): Promise<{ parsed: Promise<PDFDocument>; entryPages?: number }> {
      // The page numbers the contents show: of the anchors the front matter links to.
      const linked = new Set([...doc.html.matchAll(/href="#([^"]+)"/g)].map((match) => decodeURIComponent(match[1] ?? '')));
      const pageOf = Object.fromEntries(all.filter((place) => linked.has(place.id)).map((place) => [place.id, place.page]));
      const printedFor = JSON.stringify(Object.entries(pageOf).sort(([a], [b]) => (a < b ? -1 : 1)));
      if (cached?.printedFor === printedFor) {
        store.cache?.count('found');
        const parsed = Promise.resolve(cached.objects).then(decodePart);
        parsed.catch(() => {});
        return { parsed, entryPages: cached.pages };
      }
      store.cache?.count('made');
      const ready = page && layout ? { page, layout } : await open();
      await limit(ready.page.evaluate(fillContentsInPage, pageOf), context.timeout, 'filling in the contents');
      await limit(ready.page.evaluate(preparePartInPage, 0, false, linkPrefix), context.timeout, 'numbering the part');
      const bytes = await print(ready.page, context.timeout, context.lap);
      const parsed = keep(store, 0, { ...ready.layout, printedFor, bytes }, parsePart(bytes));
      parsed.catch(() => {});
      return { parsed };
    },
    close: async (): Promise<void> => {
      await opening;
      if (page) await closePage(page);
    },
  };
}

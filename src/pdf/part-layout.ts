/**
 * What the parts of a long book share while they are laid out (print-parts.ts): laying a part
 * out and reading its anchors and page starts, counting its layout into the book's, parsing the
 * printed bytes, and a settled-from-outside promise for page counts.
 */
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer';
import { limit } from '../browser/browser.js';
import { anchorsInPage, pageStartsInPage } from './in-page.js';
import { parsePart, type AnchorPlace } from './merge.js';
import type { Context } from './page-pool.js';
import type { PartCache, PartLayout, PrintedEntry } from './part-cache.js';
import { paginate } from './print-steps.js';

/** How the parts reach the build cache, if there is one. */
export interface PartStore {
  cache: PartCache | undefined;
  /** Each part's entry name (none without a cache). */
  keys: Array<string | undefined>;
  /** Writes in flight. */
  writes: Array<Promise<void>>;
  /** Set when a part laid out again did not keep the page count its entry gave (print-parts.ts). */
  stale: { found: boolean };
}

/** Keeps part `index` once its bytes parse (a print that does not parse is not kept). */
export function keep(store: PartStore, index: number, entry: PrintedEntry, parsed: Promise<PDFDocument>): void {
  const key = store.keys[index];
  const { cache } = store;
  if (key && cache) store.writes.push(parsed.then(() => cache.put(key, entry), () => {}));
}

/** A promise settled from outside: a group's page count, awaited by the groups after it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Anchor places read from a page, in points, on the book's pages. */
export const shifted = (places: PartLayout['places'], offset: number): AnchorPlace[] => places.map((p) => ({ id: p.id, page: p.page + offset, top: p.top * 0.75 }));

/** Lays out the document loaded in `page`, and reads where its anchors and pages are. */
export async function layOut(page: Page, targets: string[], context: Context): Promise<PartLayout> {
  const { pages, droppedNotes } = await paginate(page, context);
  const places = await limit(page.evaluate(anchorsInPage, targets), context.timeout, 'reading the anchors');
  const starts = await limit(page.evaluate(pageStartsInPage), context.timeout, 'reading where pages start');
  return { pages, places, starts, droppedNotes };
}

/** A part's layout counted into the book's: its notes left out, its pages' starts at `offset`. */
export function record(layout: PartLayout, offset: number, context: Context): void {
  context.droppedNotes.push(...layout.droppedNotes);
  context.pageStarts.push(...layout.starts.map((start) => ({ ...start, page: start.page + offset })));
}

/**
 * Parses parts taken from the cache one after another, from the time Chromium is busy laying
 * out (`start`): while it loads a page, the page's files come from this process, which must
 * answer.
 */
export function laterParser() {
  const go = deferred<void>();
  let chain: Promise<unknown> = go.promise;
  return {
    parse(bytes: Uint8Array): Promise<PDFDocument> {
      const parsed = chain.then(() => new Promise((resolve) => setImmediate(resolve))).then(() => parsePart(bytes));
      chain = parsed.catch(() => {});
      parsed.catch(() => {});
      return parsed;
    },
    start: () => go.resolve(),
  };
}

/** The anchors a part is asked for: the link targets its HTML has (an id in an attribute's
 *  value, perhaps escaped). More is harmless (an id not in the page is not found); the part's
 *  cache entry is named by them, so an anchor added elsewhere leaves it as it is. */
export function askedOf(html: string, targets: string[]): string[] {
  return targets.filter((id) => html.includes(id) || html.includes(id.replace(/&/g, '&#x26;').replace(/"/g, '&#x22;')) || html.includes(id.replace(/&/g, '&amp;').replace(/"/g, '&quot;')));
}

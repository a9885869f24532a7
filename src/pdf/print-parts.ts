/**
 * A long horizontal book, laid out in parts: the front matter first (its page count moves every
 * later folio), then the groups of chapters, two at a time. A part prints as soon as the parts
 * before it are laid out — then its folios, sides and links are known — so only a few pages are
 * open at once. The front matter prints last, with the contents' page numbers.
 * With a build cache (part-cache.ts), a part whose inputs are unchanged is not laid out again:
 * its page count is known at once, and its printed bytes are used when its first folio (the
 * front matter: its contents' page numbers) is the same as when it was printed.
 */
import pLimit from 'p-limit';
import type { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer';
import type { Book } from '../book/model.js';
import { limit } from '../browser/browser.js';
import type { FontRoutes } from '../fonts/fonts.js';
import { anchorsInPage, fillContentsInPage, pageStartsInPage, preparePartInPage } from './in-page.js';
import { linkPrefix, mergeParts, parsePart, type AnchorPlace, type PrintedPart } from './merge.js';
import { closePage, openPage, pagePool, type Context } from './page-pool.js';
import type { PartCache, PartLayout, PrintedEntry } from './part-cache.js';
import { linkTargets, partPlan, placeParts, type PartPlan, type PartPlace } from './part-plan.js';
import { printDocument, type PrintDocument } from './print-document.js';
import { PrintAnchors } from './print-html.js';
import { paginate, print } from './print-steps.js';

/** Parts laid out at the same time (one per core of a small machine). */
const concurrency = 2;

/** A group of chapters, printed: its bytes (parsed while the next parts are laid out), where its
 *  anchors are, and its place in the book. */
interface PrintedGroup {
  bytes: Uint8Array;
  parsed: ReturnType<typeof parsePart>;
  places: AnchorPlace[];
  place: PartPlace;
}

/** A promise settled from outside: a group's page count, awaited by the groups after it. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Anchor places read from a page, in points, on the book's pages. */
const shifted = (places: PartLayout['places'], offset: number): AnchorPlace[] => places.map((p) => ({ id: p.id, page: p.page + offset, top: p.top * 0.75 }));

/** Lays out the document loaded in `page`, and reads where its anchors and pages are. */
async function layOut(page: Page, targets: string[], context: Context): Promise<PartLayout> {
  const { pages, droppedNotes } = await paginate(page, context);
  const places = await limit(page.evaluate(anchorsInPage, targets), context.timeout, 'reading the anchors');
  const starts = await limit(page.evaluate(pageStartsInPage), context.timeout, 'reading where pages start');
  return { pages, places, starts, droppedNotes };
}

/** A part's layout counted into the book's: its notes left out, its pages' starts at `offset`. */
function record(layout: PartLayout, offset: number, context: Context): void {
  context.droppedNotes.push(...layout.droppedNotes);
  context.pageStarts.push(...layout.starts.map((start) => ({ ...start, page: start.page + offset })));
}

/**
 * Parses parts taken from the cache one after another, from the time Chromium is busy laying
 * out (`start`): while it loads a page, the page's files come from this process, which must
 * answer.
 */
function laterParser() {
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

export async function printInParts(
  browser: Browser,
  book: Book,
  groups: number[][],
  fonts: FontRoutes,
  context: Context,
  openCache?: (targets: string[]) => Promise<PartCache>,
): Promise<{ document: PDFDocument; contentKey: string; anchors: PrintAnchors }> {
  const anchors = new PrintAnchors();
  const plan = partPlan(book, groups);
  const docs = plan.parts.map((part) => printDocument(book, part, anchors, fonts));
  const targets = linkTargets(book, docs, anchors);
  const cache = await openCache?.(targets);
  const keys = docs.map((doc) => cache?.keyOf(doc));
  const entries = await Promise.all(keys.map((key) => (key ? cache?.get(key) : undefined)));
  const writes: Array<Promise<void>> = [];
  const save = (index: number, entry: PrintedEntry) => void (keys[index] && cache && writes.push(cache.put(keys[index], entry)));
  const parser = laterParser();
  const inParts: Context = { ...context, layingOut: parser.start };
  const front = frontPrinter(browser, docs[0] as PrintDocument, targets, inParts, entries[0], (entry) => save(0, entry));
  const pool = pagePool(browser, inParts);
  try {
    const frontLayout = await front.layOut();
    record(frontLayout, 0, context);
    const printGroup = groupPrinter(plan, frontLayout.pages, targets, inParts, { cached: entries.slice(1), save: (index, entry) => save(index + 1, entry), parse: parser.parse });
    const run = pLimit(concurrency);
    const printed = await Promise.all(docs.slice(1).map((doc, index) => printGroup(index, (work) => run(() => pool.use(doc, work)))));
    parser.start();
    const all = [...shifted(frontLayout.places, 0), ...printed.flatMap((group) => group.places)];
    const frontBytes = await front.print(all);
    const started = performance.now();
    const pieces: PrintedPart[] = [
      { bytes: frontBytes, blankBefore: false },
      ...printed.map((group) => ({ bytes: group.bytes, parsed: group.parsed, blankBefore: group.place.blankBefore })),
    ];
    const document = await mergeParts(pieces, all);
    context.lap('merge', started);
    await Promise.all(writes);
    return { document, contentKey: docs.map((doc) => doc.html).join('\n'), anchors };
  } finally {
    await Promise.all([front.close(), pool.close()]);
  }
}

/**
 * Prints group `index`: lays it out in a page of the pool (unless its layout is cached), tells
 * the groups after it its page count, waits for the counts before it (its first folio), then
 * numbers and prints it (unless it was printed for that folio before).
 */
interface GroupCache {
  cached: Array<PrintedEntry | undefined>;
  save: (index: number, entry: PrintedEntry) => void;
  /** How a cached part is parsed. */
  parse: (bytes: Uint8Array) => Promise<PDFDocument>;
}

function groupPrinter(plan: PartPlan, frontPages: number, targets: string[], context: Context, { cached, save, parse }: GroupCache) {
  const counts = plan.groups.map(() => deferred<number>());
  let recorded = 0;
  const recordGroup = (layout: PartLayout, offset: number) => {
    record(layout, offset, context);
    if (++recorded === plan.groups.length) context.startsKnown();
  };
  // Known page counts first: the groups after a cached one need not wait for a layout.
  for (const [index, entry] of cached.entries()) if (entry) counts[index]?.resolve(entry.pages);
  const placeOf = async (index: number): Promise<PartPlace> => {
    const before = await Promise.all(counts.slice(0, index).map((count) => count.promise));
    return placeParts(frontPages, before, plan.recto)[index] as PartPlace;
  };
  const done = (entry: PrintedEntry, place: PartPlace, parsed: Promise<PDFDocument>): PrintedGroup => {
    parsed.catch(() => {});
    return { bytes: entry.bytes, parsed, places: shifted(entry.places, place.offset), place };
  };
  return async (index: number, inPage: (work: (page: Page) => Promise<PrintedGroup>) => Promise<PrintedGroup>): Promise<PrintedGroup> => {
    const count = counts[index] as ReturnType<typeof deferred<number>>;
    const entry = cached[index];
    const known = entry && (await placeOf(index));
    if (entry && known && entry.printedFor === String(known.offset)) {
      recordGroup(entry, known.offset);
      return done(entry, known, parse(entry.bytes));
    }
    try {
      return await inPage(async (page) => {
        const layout = await layOut(page, targets, context);
        count.resolve(layout.pages);
        const place = await placeOf(index);
        const { offset } = place;
        recordGroup(layout, offset);
        await limit(page.evaluate(preparePartInPage, offset, offset % 2 === 1, linkPrefix), context.timeout, 'numbering the part');
        const printed: PrintedEntry = { ...layout, printedFor: String(offset), bytes: await print(page, context.timeout, context.lap) };
        save(index, printed);
        return done(printed, place, parsePart(printed.bytes));
      });
    } catch (error) {
      count.reject(error);
      throw error;
    }
  };
}

/**
 * The front matter: laid out first (unless cached), printed last, when the contents' page
 * numbers are known (unless it was printed with the same numbers before).
 */
function frontPrinter(browser: Browser, doc: PrintDocument, targets: string[], context: Context, cached: PrintedEntry | undefined, save: (entry: PrintedEntry) => void) {
  let page: Page | undefined;
  let layout: PartLayout | undefined = cached;
  const open = async (): Promise<{ page: Page; layout: PartLayout }> => {
    page = await openPage(browser, doc, context);
    layout = await layOut(page, targets, context);
    return { page, layout };
  };
  return {
    layOut: async (): Promise<PartLayout> => layout ?? (await open()).layout,
    async print(all: AnchorPlace[]): Promise<Uint8Array> {
      // The page numbers the contents show: of the anchors the front matter links to.
      const linked = new Set([...doc.html.matchAll(/href="#([^"]+)"/g)].map((match) => decodeURIComponent(match[1] ?? '')));
      const pageOf = Object.fromEntries(all.filter((place) => linked.has(place.id)).map((place) => [place.id, place.page]));
      const printedFor = JSON.stringify(Object.entries(pageOf).sort(([a], [b]) => (a < b ? -1 : 1)));
      if (cached?.printedFor === printedFor) return cached.bytes;
      const ready = page && layout ? { page, layout } : await open();
      await limit(ready.page.evaluate(fillContentsInPage, pageOf), context.timeout, 'filling in the contents');
      await limit(ready.page.evaluate(preparePartInPage, 0, false, linkPrefix), context.timeout, 'numbering the part');
      const bytes = await print(ready.page, context.timeout, context.lap);
      save({ ...ready.layout, printedFor, bytes });
      return bytes;
    },
    close: async (): Promise<void> => {
      if (page) await closePage(page);
    },
  };
}

/**
 * A long horizontal book, laid out in parts: the front matter (its page count moves every later
 * folio) beside the groups of chapters, two at a time. A part prints as soon as the parts
 * before it are laid out — then its folios, sides and links are known — so only a few pages are
 * open at once. The front matter prints once every group is laid out, with the contents' page
 * numbers (print-front.ts), beside the last groups' prints.
 * With a build cache (part-cache.ts), a part whose inputs are unchanged is not laid out again:
 * its page count is known at once, and its printed objects are used when its first folio (the
 * front matter: its contents' page numbers) is the same as when it was printed; else it is laid
 * out and printed again.
 */
import pLimit from 'p-limit';
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import type { Book } from '../book/model.js';
import { limit, type Chromium } from '../browser/browser.js';
import type { FontRoutes } from '../fonts/fonts.js';
import { preparePartInPage } from './in-page.js';
import { linkPrefix, parsePart, PartMerger, type AnchorPlace, type PrintedPart } from './merge.js';
import { pagePool, type Context } from './page-pool.js';
import type { KeptEntry, PartCache, PartLayout } from './part-cache.js';
import type { PartObjects } from './part-objects.js';
import { askedOf, deferred, keep, laterParser, layOut, record, shifted, type PartStore } from './part-layout.js';
import { linkTargets, partPlan, placeParts, type PartPlan, type PartPlace } from './part-plan.js';
import { printDocument, type PrintDocument } from './print-document.js';
import { frontPrinter } from './print-front.js';
import { PrintAnchors } from './print-html.js';
import { printThen } from './print-steps.js';
import type { ChapterPrints } from './chapter-prints.js';

/** Parts laid out at the same time (one per core of a small machine). */
const concurrency = 2;

/** A group of chapters, printed: its document (parsed while the next parts are laid out, or read
 *  from the cache), where its anchors are, and its place in the book. */
interface PrintedGroup {
  parsed: Promise<PDFDocument>;
  places: AnchorPlace[];
  place: PartPlace;
  /** Taken from the cache: the page count its entry gave (its document must have as many). */
  entryPages?: number | undefined;
}

/** A book's parts and what printing them needs. */
interface Job {
  browser: Chromium;
  plan: PartPlan;
  docs: PrintDocument[];
  /** The anchors each part is asked for. */
  asked: string[][];
  context: Context;
}

export async function printInParts(
  browser: Chromium,
  book: Book,
  groups: number[][],
  fonts: FontRoutes,
  context: Context,
  caches?: { parts: () => Promise<PartCache>; prints: ChapterPrints },
): Promise<{ document: PDFDocument; contentKey: string; anchors: PrintAnchors; settled: Promise<unknown> }> {
  const anchors = new PrintAnchors();
  const plan = partPlan(book, groups);
  const docs = plan.parts.map((part) => printDocument(book, part, anchors, fonts, caches?.prints));
  const targets = linkTargets(book, docs, anchors);
  const job: Job = { browser, plan, docs, asked: docs.map((doc) => askedOf(doc.html, targets)), context };
  const cache = await caches?.parts();
  const writes = caches ? [caches.prints.settled()] : [];
  const store: PartStore = { cache, keys: docs.map((doc, index) => cache?.keyOf(doc, job.asked[index] as string[])), writes, stale: { found: false } };
  const entries = await Promise.all(store.keys.map((key) => (key ? cache?.get(key) : undefined)));
  let joined = await printParts(job, entries, store);
  if (!joined) {
    // A part laid out again did not keep the page count its entry gave, so later folios were
    // wrong: the cache does not hold what Inkstone lays out now (it never should). Everything
    // is laid out anew, and the entries replaced.
    context.pageStarts.length = 0;
    context.droppedNotes.length = 0;
    joined = await printParts(job, [], { ...store, stale: { found: false } });
  }
  if (!joined) throw new Error('the parts laid out without a cache changed their page counts');
  return { ...joined, contentKey: docs.map((doc) => doc.html).join('\n'), anchors };
}

/** Lays out and prints the parts (taking what `entries` has) and joins them; undefined when an
 *  entry turned out stale. `settled`: the build cache's writes and the pages' closing, which go
 *  on while the joined file is finished. */
async function printParts(job: Job, entries: Array<KeptEntry | undefined>, store: PartStore): Promise<{ document: PDFDocument; settled: Promise<unknown> } | undefined> {
  const { browser, docs, asked, context } = job;
  // While Chromium lays out, this process parses the printed parts and loads what the book's
  // other work needs (`context.layingOut`: the EPUB's renderer, else loaded after the last part).
  const parser = laterParser();
  const inParts: Context = { ...context, layingOut: () => (parser.start(), context.layingOut?.()) };
  const front = frontPrinter(browser, docs[0] as PrintDocument, asked[0] as string[], inParts, entries[0], store);
  const pool = pagePool(browser, inParts);
  const closePages = () => Promise.all([front.close(), pool.close()]);
  let settled: Promise<unknown> | undefined;
  try {
    // The front matter is laid out beside the first group (two layouts at a time, as ever):
    // only the groups' folios wait for its page count.
    const merger = await PartMerger.start();
    const run = pLimit(concurrency);
    const frontLaidOut = run(() => front.layOut());
    const frontPages = frontLaidOut.then((layout) => {
      record(layout, 0, context);
      return layout.pages;
    });
    frontPages.catch(() => {});
    const printGroup = groupPrinter({ ...job, context: inParts }, frontPages, entries.slice(1), store, parser.parse);
    const jobs = docs.slice(1).map((doc, index) => printGroup(index, (work) => run(() => pool.use(doc, work))));
    const groups = jobs.map((group) => group.printed);
    // Each group is copied into the joined file once it and the groups before it are printed
    // (in their order, so the same parts make the same bytes), while later ones are laid out.
    const copied = groups.reduce<Promise<void>>((before, group, index) => before.then(async () => merger.add(index + 1, piece(await group))), Promise.resolve());
    copied.catch(() => {});
    // The front matter prints once every group is laid out and placed (the contents' page
    // numbers are known), beside the last groups' prints.
    const placed = await Promise.all(jobs.map((group) => group.placed));
    const frontLayout = await frontLaidOut;
    parser.start();
    const all = [...shifted(frontLayout.places, 0), ...placed.flat()];
    const frontPrinting = front.print(all);
    frontPrinting.catch(() => {});
    const printed = await Promise.all(groups);
    const frontPrinted = await frontPrinting;
    if (await staleEntries([frontPrinted, ...printed], store)) return undefined;
    const started = performance.now();
    await copied;
    await merger.add(0, { ...frontPrinted, blankBefore: false });
    const document = merger.finish(all);
    context.lap('merge', started);
    settled = Promise.all([...store.writes, closePages()]);
    return { document, settled };
  } finally {
    if (!settled) await closePages();
  }
}

/** Whether a part taken from the cache was stale: its objects must read, with the pages its
 *  entry gave (or a layout found it so). */
async function staleEntries(parts: Array<{ parsed: Promise<PDFDocument>; entryPages?: number | undefined }>, store: PartStore): Promise<boolean> {
  for (const part of parts) {
    if (part.entryPages !== undefined && (await part.parsed.then((doc) => doc.getPageCount()).catch(() => -1)) !== part.entryPages) store.stale.found = true;
  }
  return store.stale.found;
}

/** Where group `index` goes, once the front matter's page count and those of the groups before
 *  it are known (the front matter's layout has recorded its pages by then: the EPUB hears of
 *  them first). */
function placer(plan: PartPlan, frontPages: Promise<number>, counts: Array<{ promise: Promise<number> }>) {
  return async (index: number): Promise<PartPlace> => {
    const [front, ...before] = await Promise.all([frontPages, ...counts.slice(0, index).map((count) => count.promise)]);
    return placeParts(front, before, plan.recto)[index] as PartPlace;
  };
}

/** Counts the groups whose pages are recorded; with the last, the EPUB hears where pages start
 *  (printThen: once that group's print is asked for). (The EPUB's page list is not told starts
 *  a stale entry gave.) */
function startsCounter(groups: number, store: PartStore, context: Context): () => void {
  let recorded = 0;
  return () => {
    if (++recorded === groups && !store.stale.found) context.startsKnown();
  };
}

/** Runs a group's work in a page of the pool. */
type InPage = (work: (page: Page) => Promise<PrintedGroup>) => Promise<PrintedGroup>;

/** A group printed (or taken from its entry: `taken`), placed in the book. */
function donePart(entry: PartLayout, place: PartPlace, parsed: Promise<PDFDocument>, taken = false): PrintedGroup {
  parsed.catch(() => {});
  return { parsed, places: shifted(entry.places, place.offset), place, entryPages: taken ? entry.pages : undefined };
}

/** A printed group as the merger takes it. */
function piece(group: PrintedGroup): PrintedPart {
  return { parsed: group.parsed, blankBefore: group.place.blankBefore };
}

/**
 * Prints group `index`: lays it out in a page of the pool (unless its entry has the layout),
 * tells the groups after it its page count, waits for the counts before it (its first folio),
 * then numbers and prints it (unless its entry was printed for that folio).
 */
function groupPrinter(job: Job, frontPages: Promise<number>, cached: Array<KeptEntry | undefined>, store: PartStore, parse: (objects: PartObjects) => Promise<PDFDocument>) {
  const { plan, asked, context } = job;
  const counts = plan.groups.map(() => deferred<number>());
  const counted = startsCounter(plan.groups.length, store, context);
  // Known page counts first: the groups after a cached one need not wait for a layout.
  for (const [index, entry] of cached.entries()) if (entry) counts[index]?.resolve(entry.pages);
  const placeOf = placer(plan, frontPages, counts);
  /** The group's anchors where they fall in the book (known before it is printed), and the
   *  group printed. */
  return (index: number, inPage: InPage): { placed: Promise<AnchorPlace[]>; printed: Promise<PrintedGroup> } => {
    const placed = deferred<AnchorPlace[]>();
    placed.promise.catch(() => {});
    const printed = printOne(index, inPage, placed.resolve);
    printed.catch(placed.reject);
    return { placed: placed.promise, printed };
  };

  async function printOne(index: number, inPage: InPage, onPlaced: (places: AnchorPlace[]) => void): Promise<PrintedGroup> {
    const count = counts[index] as ReturnType<typeof deferred<number>>;
    const entry = cached[index];
    const known = entry && (await placeOf(index));
    if (entry && known && entry.printedFor === String(known.offset)) {
      store.cache?.count('found');
      record(entry, known.offset, context);
      counted();
      onPlaced(shifted(entry.places, known.offset));
      return donePart(entry, known, parse(entry.objects), true);
    }
    store.cache?.count('made');
    try {
      return await inPage(async (page) => {
        const layout = await layOut(page, asked[index + 1] as string[], context);
        if (entry && layout.pages !== entry.pages) store.stale.found = true;
        count.resolve(layout.pages);
        const place = await placeOf(index);
        const { offset } = place;
        record(layout, offset, context);
        onPlaced(shifted(layout.places, offset));
        await limit(page.evaluate(preparePartInPage, offset, offset % 2 === 1, linkPrefix), context.timeout, 'numbering the part');
        const printed = { ...layout, printedFor: String(offset), bytes: await printThen(page, context, counted) };
        const parsed = keep(store, index + 1, printed, parsePart(printed.bytes));
        return donePart(printed, place, parsed);
      });
    } catch (error) {
      count.reject(error);
      throw error;
    }
  }
}

/**
 * A long horizontal book, laid out in parts: the front matter first (its page count moves every
 * later folio), then the groups of chapters, two at a time. A part prints as soon as the parts
 * before it are laid out — then its folios, sides and links are known — so only a few pages are
 * open at once. The front matter prints last, with the contents' page numbers.
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
const shifted = (places: Array<{ id: string; page: number; top: number }>, offset: number): AnchorPlace[] =>
  places.map((p) => ({ id: p.id, page: p.page + offset, top: p.top * 0.75 }));

export async function printInParts(
  browser: Browser,
  book: Book,
  groups: number[][],
  fonts: FontRoutes,
  context: Context,
): Promise<{ document: PDFDocument; contentKey: string; anchors: PrintAnchors }> {
  const anchors = new PrintAnchors();
  const plan = partPlan(book, groups);
  const docs = plan.parts.map((part) => printDocument(book, part, anchors, fonts));
  const targets = linkTargets(book, docs, anchors);
  const front = await openPage(browser, docs[0] as PrintDocument, context);
  const pool = pagePool(browser, context);
  try {
    const frontPages = await paginate(front, context);
    context.pageStarts.push(...(await limit(front.evaluate(pageStartsInPage), context.timeout, 'reading where pages start')));
    const frontPlaces = shifted(await limit(front.evaluate(anchorsInPage, targets), context.timeout, 'reading the anchors'), 0);
    const printGroup = groupPrinter(plan, frontPages, targets, context);
    const run = pLimit(concurrency);
    const printed = await Promise.all(docs.slice(1).map((doc, index) => run(() => printGroup(index, (work) => pool.use(doc, work)))));
    const all = [...frontPlaces, ...printed.flatMap((group) => group.places)];
    const frontBytes = await printFront(front, all, context);
    const started = performance.now();
    const pieces: PrintedPart[] = [
      { bytes: frontBytes, blankBefore: false },
      ...printed.map((group) => ({ bytes: group.bytes, parsed: group.parsed, blankBefore: group.place.blankBefore })),
    ];
    const document = await mergeParts(pieces, all);
    context.lap('merge', started);
    return { document, contentKey: docs.map((doc) => doc.html).join('\n'), anchors };
  } finally {
    await Promise.all([closePage(front), pool.close()]);
  }
}

/**
 * Prints group `index` in a page of the pool: lays it out, tells the groups after it its page
 * count, waits for the counts before it (its first folio), then numbers and prints it.
 */
function groupPrinter(plan: PartPlan, frontPages: number, targets: string[], context: Context) {
  const counts = plan.groups.map(() => deferred<number>());
  const placeOf = async (index: number): Promise<PartPlace> => {
    const before = await Promise.all(counts.slice(0, index).map((count) => count.promise));
    return placeParts(frontPages, before, plan.recto)[index] as PartPlace;
  };
  return async (index: number, inPage: (work: (page: Page) => Promise<PrintedGroup>) => Promise<PrintedGroup>): Promise<PrintedGroup> => {
    const count = counts[index] as ReturnType<typeof deferred<number>>;
    try {
      return await inPage(async (page) => {
        count.resolve(await paginate(page, context));
        const places = await limit(page.evaluate(anchorsInPage, targets), context.timeout, 'reading the anchors');
        const starts = await limit(page.evaluate(pageStartsInPage), context.timeout, 'reading where pages start');
        const place = await placeOf(index);
        const { offset } = place;
        context.pageStarts.push(...starts.map((start) => ({ ...start, page: start.page + offset })));
        await limit(page.evaluate(preparePartInPage, offset, offset % 2 === 1, linkPrefix), context.timeout, 'numbering the part');
        const bytes = await print(page, context.timeout, context.lap);
        const parsed = parsePart(bytes);
        parsed.catch(() => {});
        return { bytes, parsed, places: shifted(places, offset), place };
      });
    } catch (error) {
      count.reject(error);
      throw error;
    }
  };
}

/** The front matter, last: the contents get their page numbers. */
async function printFront(front: Page, all: AnchorPlace[], context: Context): Promise<Uint8Array> {
  const pageOf = Object.fromEntries(all.map((place) => [place.id, place.page]));
  await limit(front.evaluate(fillContentsInPage, pageOf), context.timeout, 'filling in the contents');
  await limit(front.evaluate(preparePartInPage, 0, false, linkPrefix), context.timeout, 'numbering the part');
  return print(front, context.timeout, context.lap);
}

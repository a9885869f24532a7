/**
 * What the parts of a long book share while they are laid out (print-parts.ts): laying a part
 * out and reading its anchors and page starts, counting its layout into the book's, parsing the
 * printed bytes, and a settled-from-outside promise for page counts.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer-core';
import { limit } from '../browser/browser.js';
import { anchorsInPage, pageStartsInPage } from './in-page.js';
import type { AnchorPlace } from './merge.js';
import type { Context } from './page-pool.js';
import type { PartCache, PartLayout, PrintedEntry } from './part-cache.js';
import { decodePart, encodePart, UnkeptObject, type PartObjects } from './part-objects.js';
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

/**
 * Keeps part `index` once its bytes parse (a print that does not parse is not kept), as parsed:
 * its text leaves folded (flatten-structure.ts), its objects taken down (part-objects.ts) before
 * the join moves them. A rebuild then reads fewer objects and folds nothing (the 300k book's
 * parts: 58,262 objects as printed, 33,595 folded). Returns the parse, which the join must wait
 * for.
 */
export function keep(store: PartStore, index: number, entry: PrintedEntry, parsing: Promise<PDFDocument>): Promise<PDFDocument> {
  const key = store.keys[index];
  const { cache } = store;
  if (!key || !cache) return parsing;
  const parsed = parsing.then((doc) => {
    const { pages, places, starts, droppedNotes, printedFor } = entry;
    try {
      store.writes.push(cache.put(key, { pages, places, starts, droppedNotes, printedFor, objects: encodePart(doc) }));
    } catch (error) {
      if (!(error instanceof UnkeptObject)) throw error;
    }
    return doc;
  });
  parsed.catch(() => {});
  return parsed;
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
 * Reads parts taken from the cache (kept folded: `keep`) one after another, from the time
 * Chromium is busy laying out (`start`): while it loads a page, the page's files come from this
 * process, which must answer.
 */
export function laterParser() {
  const go = deferred<void>();
  let chain: Promise<unknown> = go.promise;
  return {
    parse(objects: PartObjects): Promise<PDFDocument> {
      const parsed = chain.then(() => nextTurn()).then(() => decodePart(objects));
      chain = parsed.catch(() => {});
      parsed.catch(() => {});
      return parsed;
    },
    start: () => go.resolve(),
  };
}

/** The anchors a part is asked for: the link targets its HTML has as an attribute's value (an
 *  element's id, or a note's ids that its layout gives to elements). More is harmless (an id
 *  not in the page is not found); the part's cache entry is named by them, so an anchor added
 *  elsewhere leaves it as it is. */
export function askedOf(html: string, targets: string[]): string[] {
  const values = new Set<string>();
  for (const match of html.matchAll(/="([^"]*)"/g)) values.add(decodeEntities(match[1] ?? ''));
  return targets.filter((id) => values.has(id));
}

const named: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

/** An attribute value as the page reads it (the serializer escapes & and " at least). */
function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] !== '#') return named[body.toLowerCase()] ?? entity;
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

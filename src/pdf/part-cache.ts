/**
 * A long book's parts, laid out and printed, kept in the build cache (src/build-cache.ts): a
 * rebuild lays out again only the parts whose inputs changed. A part's entry is named by its
 * print HTML, the anchors asked of it (those its HTML has), every file its page loads (faces,
 * images, Paged.js), Chromium's version and Inkstone's code; it holds the layout's results (page
 * count, anchors, where pages start, notes left out) and the printed part's objects (their
 * text leaves folded: part-layout.ts's `keep`; part-objects.ts) with what they were printed
 * for — a group's first folio, the front matter's contents page numbers. A part whose page
 * count is known but which must be printed for other page numbers is laid out and printed again
 * (print-parts.ts).
 */
import type { Chromium } from '../browser/browser.js';
import { packageIdentity, type BuildCache } from '../build-cache.js';
import { routeBody } from '../browser/page-server.js';
import type { PageStart } from './page-pool.js';
import { isPartObjects, type PartObjects } from './part-objects.js';
import type { PrintDocument } from './print-document.js';

/** What laying out a part tells: its pages, where its anchors and pages are, notes left out. */
export interface PartLayout {
  pages: number;
  /** Anchors on the part's own pages (1-based), tops in CSS pixels. */
  places: Array<{ id: string; page: number; top: number }>;
  /** Where the part's pages start (its own page numbers). */
  starts: PageStart[];
  droppedNotes: string[];
}

/** A part printed: its layout, the printed PDF, and what it was printed for (the part's first
 *  folio and the pages its contents show). */
export interface PrintedEntry extends PartLayout {
  printedFor: string;
  bytes: Uint8Array;
}

/** A part as the cache keeps it: its layout, what it was printed for, and its objects (folded:
 *  part-layout.ts's `keep`) in the form part-objects.ts reads without parsing PDF. */
export interface KeptEntry extends PartLayout {
  printedFor: string;
  objects: PartObjects;
}

/** An entry as the cache holds it (anything else is made again). */
function isKept(value: unknown): value is KeptEntry {
  const entry = value as KeptEntry;
  return (
    Number.isInteger(entry?.pages) &&
    entry.pages > 0 &&
    Array.isArray(entry.places) &&
    Array.isArray(entry.starts) &&
    Array.isArray(entry.droppedNotes) &&
    typeof entry.printedFor === 'string' &&
    isPartObjects(entry.objects)
  );
}

export class PartCache {
  private constructor(
    private readonly cache: BuildCache,
    private readonly shared: string,
  ) {}

  /** The cache for the parts of one book; `doc` holds the files every part's page loads. */
  static async open(cache: BuildCache, browser: Chromium, doc: PrintDocument): Promise<PartCache> {
    const routes = [...doc.routes].sort(([a], [b]) => (a < b ? -1 : 1));
    const bodies = await Promise.all(routes.map(([, route]) => routeBody(route)));
    const shared = cache.key(
      'shared',
      await browser.version(),
      ...routes.flatMap(([pathname], index) => [pathname, bodies[index] as string | Buffer]),
      ...[...doc.fonts.folders].flatMap(([prefix, folder]) => [prefix, packageIdentity(folder)]),
    );
    return new PartCache(cache, shared);
  }

  /** A part's name: its HTML, and the anchors asked of it (those its HTML has). */
  keyOf(doc: PrintDocument, targets: string[]): string {
    return this.cache.key('part', this.shared, doc.html, JSON.stringify(targets));
  }

  /** The part as laid out and printed last time, if it was. */
  async get(key: string): Promise<KeptEntry | undefined> {
    const value = await this.cache.read(key);
    return isKept(value) ? value : undefined;
  }

  put(key: string, entry: KeptEntry): Promise<void> {
    return this.cache.put(key, entry);
  }

  /** Counts a part as printed before (`found`: its objects taken) or laid out (`made`). */
  count(outcome: 'found' | 'made'): void {
    this.cache.count('part', outcome);
  }
}

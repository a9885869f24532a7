/**
 * How a long horizontal book is cut into parts laid out one by one, and where each part's pages
 * fall in the joined book. Everything here is computed from the book and the page counts, with
 * nothing changed in place.
 */
import { toString } from 'hast-util-to-string';
import type { Book, TocEntry } from '../book/model.js';
import type { PrintAnchors, PrintPart } from './print-html.js';
import type { PrintDocument } from './print-document.js';

/** Anchors of the chapters that open on a recto: parts always, every chapter with
 *  `page.chapter-start: right` (the anchor the contents link to: the chapter's heading). */
export function rectoIds(book: Book, anchors: PrintAnchors): string[] {
  return book.chapters
    .filter((chapter) => chapter.kind === 'part' || book.print.chapterStart === 'right')
    .map((chapter) => anchors.get(chapter.headings.find((heading) => heading.depth === 1)?.id ?? chapter.id));
}

export function tocIds(entries: TocEntry[], anchors: PrintAnchors): string[] {
  return entries.flatMap((entry) => [anchors.get(entry.id), ...tocIds(entry.children, anchors)]);
}

/**
 * Chapters grouped into parts of at least `size` characters, in order. A book that opens its
 * chapters on right-hand pages gets one chapter per part, so each part starts a chapter.
 */
export function printGroups(book: Book, size: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let length = 0;
  for (const chapter of book.chapters) {
    current.push(chapter.index);
    length += chapterLength(chapter);
    if (length >= size || book.print.chapterStart === 'right') {
      groups.push(current);
      current = [];
      length = 0;
    }
  }
  if (current.length) groups.push(current);
  return groups;
}

/** Characters of a chapter: its text and its notes'. */
function chapterLength(chapter: Book['chapters'][number]): number {
  return toString(chapter.body).length + chapter.notes.reduce((n, note) => n + toString({ type: 'root', children: note.content }).length, 0);
}

/** Characters of the largest group of chapters. */
export function largestPiece(book: Book, groups: number[][]): number {
  return Math.max(0, ...groups.map((group) => group.reduce((n, i) => n + (book.chapters[i] ? chapterLength(book.chapters[i]) : 0), 0)));
}

/** Every anchor a link of the book may point at, as the print documents name them (notes' own
 *  calls are made by Paged.js, so notes are added by hand). */
export function linkTargets(book: Book, docs: PrintDocument[], anchors: PrintAnchors): string[] {
  const ids = new Set<string>();
  // (indexOf, not a regular expression: the book's whole HTML is read, 0.1 s of a 300,000-character book's)
  for (const { html } of docs) {
    for (let at = html.indexOf('href="#'); at >= 0; at = html.indexOf('href="#', at + 7)) {
      const end = html.indexOf('"', at + 7);
      if (end > at + 7) ids.add(decodeURIComponent(html.slice(at + 7, end)));
    }
  }
  for (const chapter of book.chapters) for (const note of chapter.notes) ids.add(anchors.get(note.id));
  return [...ids];
}

/** The parts of a book laid out in pieces: the front matter, then the groups of chapters. */
export interface PartPlan {
  groups: number[][];
  parts: PrintPart[];
  /** For each group: does it open on a recto (a part, or every chapter with chapter-start: right)? */
  recto: boolean[];
}

export function partPlan(book: Book, groups: number[][]): PartPlan {
  const rightStart = book.print.chapterStart === 'right';
  return {
    groups,
    parts: [{ front: true, chapters: [] }, ...groups.map((chapters) => ({ front: false, chapters }))],
    recto: groups.map((group) => rightStart || book.chapters[group[0] ?? -1]?.kind === 'part'),
  };
}

/** Where a group's pages start in the joined book, and whether a blank page comes first. */
export interface PartPlace {
  /** Pages before the group's first page. */
  offset: number;
  blankBefore: boolean;
}

/**
 * The places of the groups whose predecessors' page counts are known (`counts[i]`: pages of
 * group i): a group that opens on a recto after an odd number of pages gets a blank page first.
 */
export function placeParts(frontPages: number, counts: readonly number[], recto: readonly boolean[]): PartPlace[] {
  const places: PartPlace[] = [];
  let offset = frontPages;
  for (const [index, opensOnRecto] of recto.slice(0, counts.length + 1).entries()) {
    const blankBefore = opensOnRecto && offset % 2 === 1;
    if (blankBefore) offset += 1;
    places.push({ offset, blankBefore });
    offset += counts[index] ?? 0;
  }
  return places;
}

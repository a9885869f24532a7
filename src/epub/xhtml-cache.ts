/**
 * A chapter's XHTML kept in the build cache (src/build-cache.ts): a rebuild after an edit to one
 * chapter serializes that chapter again, not all of them (the 300,000-character book's chapters
 * took a third of a second to serialize, and the EPUB is made beside the PDF in one process).
 * An entry is named by everything the XHTML is made from: the chapter itself (its tree, notes and
 * numbers, as JSON), the labels, every chapter's file name (links between chapters) and the
 * printed pages that start in it.
 */
import type { BuildCache } from '../build-cache.js';
import type { Chapter } from '../book/model.js';
import type { Labels } from '../templates.js';
import { epubChapterNodes } from './chapter-content.js';
import type { PageMarker } from './page-list.js';
import { toXhtml } from './xhtml.js';

type Pages = { markers: PageMarker[]; missing: string } | undefined;

export async function chapterXhtml(chapter: Chapter, labels: Labels, stems: string[], pages: Pages, cache: BuildCache | undefined): Promise<string> {
  const make = () => toXhtml(epubChapterNodes(chapter, labels, (index) => `${stems[index]}.xhtml`, pages));
  if (!cache) return make();
  const key = cache.key('epub', JSON.stringify([chapter, labels, stems, pages ?? null]));
  const known = await cache.get(key, (value): value is string => typeof value === 'string');
  if (known !== undefined) return known;
  const made = make();
  await cache.put(key, made);
  return made;
}

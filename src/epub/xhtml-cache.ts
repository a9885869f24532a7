/**
 * A chapter's XHTML kept in the build cache (src/build-cache.ts): a rebuild after an edit to one
 * chapter serializes that chapter again, not all of them (the 300,000-character book's chapters
 * took a third of a second to serialize, and the EPUB is made beside the PDF in one process).
 * An entry is named by everything the XHTML is made from: the chapter itself (its tree, notes and
 * numbers), the labels, every chapter's file name (links between chapters) and the printed pages
 * that start in it (the chapter as build-cache.ts's inputOf names it; the pages as JSON).
 */
import { inputJson, inputOf, type BuildCache } from '../build-cache.js';
import type { Chapter } from '../book/model.js';
import type { Labels } from '../templates.js';
import { epubChapterNodes } from './chapter-content.js';
import type { PageMarker } from './page-list.js';
import { toXhtml } from './xhtml.js';

type Pages = { markers: PageMarker[]; missing: string } | undefined;


/** The chapters' XHTML of one book, and the cache writes to wait for. */
export function chapterXhtml(cache: BuildCache | undefined, labels: Labels, stems: string[]) {
  const book = cache && inputJson([labels, stems]);
  const writes: Array<Promise<void>> = [];
  return {
    async of(chapter: Chapter, pages: Pages): Promise<string> {
      const make = () => toXhtml(epubChapterNodes(chapter, labels, (index) => `${stems[index]}.xhtml`, pages));
      if (!cache || !book) return make();
      const key = cache.key('epub', book, inputOf(chapter), inputJson(pages ?? null));
      const { value, written } = await cache.remember(key, (entry): entry is string => typeof entry === 'string', make);
      writes.push(written);
      return value;
    },
    written: () => Promise.all(writes),
  };
}

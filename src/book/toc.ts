/** One contents tree for every output: chapters, and their level-2 sections. */
import type { Chapter, TocEntry } from './model.js';

export function buildToc(chapters: Chapter[]): TocEntry[] {
  return chapters
    .filter((chapter) => chapter.title !== undefined)
    .map((chapter) => ({
      chapterIndex: chapter.index,
      id: chapter.id,
      text: chapter.title ?? '',
      number: chapter.number,
      children: chapter.headings
        .filter((heading) => heading.depth === 2)
        .map((heading) => ({ chapterIndex: chapter.index, id: heading.id, text: heading.text, number: undefined, children: [] })),
    }));
}

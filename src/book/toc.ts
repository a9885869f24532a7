/**
 * One contents tree for every output: chapters, and their level-2 sections. A chapter's entry
 * points at its level-1 heading where it has one: in vertical text a chapter's box starts on its
 * last page as Chromium measures it, the heading's on its first.
 */
import type { Chapter, TocEntry } from './model.js';

/** Chapters after a part (until the next part or the back matter) nest under it. */
export function buildToc(chapters: Chapter[]): TocEntry[] {
  const top: TocEntry[] = [];
  let part: TocEntry | undefined;
  for (const entry of chapterEntries(chapters)) {
    const chapter = chapters[entry.chapterIndex];
    if (chapter?.kind === 'part') {
      part = entry;
      top.push(entry);
    } else if (part && chapter?.kind === 'body') {
      part.children.push(entry);
    } else {
      part = undefined;
      top.push(entry);
    }
  }
  return top;
}

function chapterEntries(chapters: Chapter[]): TocEntry[] {
  return chapters
    .filter((chapter) => chapter.title !== undefined)
    .map((chapter) => ({
      chapterIndex: chapter.index,
      isChapter: true,
      id: chapter.headings.find((heading) => heading.depth === 1)?.id ?? chapter.id,
      text: chapter.title ?? '',
      number: chapter.number,
      // A section heading with no text (only a note call, or markup the sanitizer removed) has
      // nothing to show in the contents: an empty entry is an error in an EPUB nav.
      children: chapter.headings
        .filter((heading) => heading.depth === 2 && heading.text !== '')
        .map((heading) => ({ chapterIndex: chapter.index, isChapter: false, id: heading.id, text: heading.text, number: undefined, children: [] })),
    }));
}

/**
 * One contents tree for every output: chapters, and their sections down to `toc-depth` (pandoc's
 * key; 2 by default: chapters and their level-2 sections). A chapter's entry points at its
 * level-1 heading where it has one: in vertical text a chapter's box starts on its last page as
 * Chromium measures it, the heading's on its first.
 *
 * A chapter without a title whose headings start below level 1 (a manual converted with `##`
 * for its chapters, in one file) gives its top headings as entries of their own: the contents
 * and the bookmarks list them as chapters, rather than showing nothing.
 */
import type { Chapter, Heading, TocEntry } from './model.js';

/** Chapters after a part (until the next part or the back matter) nest under it. */
export function buildToc(chapters: Chapter[], depth = 2): TocEntry[] {
  const top: TocEntry[] = [];
  let part: TocEntry | undefined;
  for (const chapter of chapters) {
    for (const entry of chapterEntries(chapter, depth)) {
      if (chapter.kind === 'part' && entry.isChapter) {
        part = entry;
        top.push(entry);
      } else if (part && chapter.kind === 'body') {
        part.children.push(entry);
      } else {
        part = undefined;
        top.push(entry);
      }
    }
  }
  return top;
}

/**
 * Headings from level `from` to level `to` as a tree. A section heading with no text (only a
 * note call, or markup the sanitizer removed) has nothing to show: an empty entry is an error in
 * an EPUB nav, and it must not take the entries after it along.
 */
function nest(chapter: Chapter, headings: Heading[], from: number, to: number): TocEntry[] {
  const roots: TocEntry[] = [];
  const stack: Array<{ depth: number; entry: TocEntry }> = [];
  for (const heading of headings) {
    if (heading.depth < from || heading.depth > to || heading.text === '') continue;
    const entry: TocEntry = { chapterIndex: chapter.index, isChapter: false, id: heading.id, text: heading.text, number: heading.number, children: [] };
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= heading.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.entry.children : roots).push(entry);
    stack.push({ depth: heading.depth, entry });
  }
  return roots;
}

function chapterEntries(chapter: Chapter, depth: number): TocEntry[] {
  if (chapter.title === undefined) {
    // Untitled: its shallowest headings stand for chapters.
    const top = Math.min(...chapter.headings.filter((h) => h.text !== '').map((h) => h.depth));
    if (!Number.isFinite(top) || top === 1) return [];
    return nest(chapter, chapter.headings, top, top + depth - 1);
  }
  return [
    {
      chapterIndex: chapter.index,
      isChapter: true,
      id: chapter.headings.find((heading) => heading.depth === 1)?.id ?? chapter.id,
      text: chapter.title,
      number: chapter.number,
      children: nest(chapter, chapter.headings, 2, depth),
    },
  ];
}

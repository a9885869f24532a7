/**
 * Each chapter as the print HTML has it, kept in the build cache (src/build-cache.ts). A long
 * book's parts are named by their print HTML (part-cache.ts), so a rebuild writes the HTML of
 * every part, changed or not: on the 300,000-character book, 0.2 s before Chromium could start
 * on the one that changed. A chapter's HTML depends on the chapter (its entry is named by the
 * chapter as the book holds it, build-cache.ts's inputOf, and holds what it was made with) and
 * on the short print anchors (print-html.ts's PrintAnchors) given to its ids and links, which
 * are numbered through the book in order. So an entry also holds the anchors the chapter asked
 * for, in order, and what they were given: taken again, the same anchors are asked in the same
 * order — the book's numbering goes on as if the chapter had been made — and the entry is used
 * only if each gets what it got then.
 * (Hand-written: a memo of Inkstone's own output.)
 */
import { inputOf, type BuildCache } from '../build-cache.js';
import type { Chapter } from '../book/model.js';
import type { PrintAnchors } from './print-html.js';

/** A chapter's print HTML, and the anchors it asked for (in order) with what they were given. */
interface PrintedChapter {
  html: string;
  asked: string[];
  given: string[];
  /** What else it was made with (the notes' style, labels, marker). */
  made: string;
}

function isPrintedChapter(value: unknown): value is PrintedChapter {
  const entry = value as PrintedChapter;
  const texts = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
  return typeof entry?.html === 'string' && texts(entry.asked) && texts(entry.given) && entry.asked.length === entry.given.length && typeof entry.made === 'string';
}

export class ChapterPrints {
  private readonly writes: Array<Promise<void>> = [];

  private constructor(
    private readonly cache: BuildCache,
    private readonly keys: Map<Chapter, string>,
    private readonly known: Map<string, PrintedChapter>,
  ) {}

  /** The entries of `book`'s chapters, read. */
  static async open(cache: BuildCache, chapters: readonly Chapter[]): Promise<ChapterPrints> {
    const keys = new Map(chapters.map((chapter) => [chapter, cache.key('print', inputOf(chapter))]));
    const known = new Map<string, PrintedChapter>();
    await Promise.all(
      [...keys.values()].map(async (key) => {
        const value = await cache.read(key);
        if (isPrintedChapter(value)) known.set(key, value);
      }),
    );
    return new ChapterPrints(cache, keys, known);
  }

  /** `chapter`'s print HTML: its entry's if the anchors it asks for get what they got then,
   *  else what `make` makes (recording in `asked` the anchors it asks for), kept. */
  html(chapter: Chapter, made: string, anchors: PrintAnchors, make: (asked: string[]) => string): string {
    const key = this.keys.get(chapter);
    const entry = key === undefined ? undefined : this.known.get(key);
    if (entry?.made === made && entry.asked.every((id, i) => anchors.get(id) === entry.given[i])) {
      this.cache.count('print', 'found');
      return entry.html;
    }
    const asked: string[] = [];
    const html = make(asked);
    if (key !== undefined) {
      this.cache.count('print', 'made');
      this.writes.push(this.cache.put(key, { html, asked, given: asked.map((id) => anchors.get(id)), made }));
    }
    return html;
  }

  /** The entries made so far, written. */
  async settled(): Promise<void> {
    await Promise.all(this.writes);
  }
}

/**
 * Text lost or printed twice at a page break: each page's text flow must run on into the next
 * page's as the book's text does. A page that breaks badly can drop a line into a column that is
 * never printed (a code line after a blank line, widows pulling a line along) or start the next
 * page with a line the page before already showed; nothing on either page looks wrong.
 *
 * The pages' flow text (letters, digits and ideographs of tagged block lines, without notes,
 * table headers, captions and ruby) is found in the book's (`flowText`): the end of one page and
 * the start of the next, each taken long enough to occur once, must meet.
 */
import { clip, comparableChar, comparableIndex, type Finding, type ProofContext, type ProofPageView } from './context.js';
import type { Line } from './lines.js';
import { closest } from './structure.js';

/** What Inkstone prints for a character no face has (glyph-blank). */
const missingMark = '〓';

/** Block roles whose lines are not in the book's flow text (book/texts.ts `offFlow`). */
const offFlowRoles = ['TH', 'Caption', 'Figure'];

const offFlow = (line: Line): boolean => closest(line.block, offFlowRoles) !== undefined;

/** Lines in reading order: top to bottom, but a table row's cells one after the other (a short
 *  cell is centred beside a tall one, so its line falls among the other cell's lines). Structure
 *  elements are numbered in document order. */
function readingOrder(lines: Line[]): Line[] {
  const ordered: Line[] = [];
  const rowsDone = new Set<number>();
  for (const line of lines) {
    const row = closest(line.block, ['TR']);
    if (!row) ordered.push(line);
    else if (!rowsDone.has(row.id)) {
      rowsDone.add(row.id);
      const cells = lines.filter((l) => closest(l.block, ['TR']) === row);
      const cellId = (l: Line) => closest(l.block, ['TD', 'TH'])?.id ?? 0;
      ordered.push(...cells.map((l, i) => ({ l, i })).sort((a, b) => cellId(a.l) - cellId(b.l) || a.i - b.i).map(({ l }) => l));
    }
  }
  return ordered;
}

interface PageFlow {
  /** Comparable characters only. */
  text: string;
  /** 〓 printed before the first of them and after the last: characters no face has. */
  missingAtStart: number;
  missingAtEnd: number;
}

/** The page's flow text. Ruby annotations are half the body's size. */
function pageFlow(ctx: ProofContext, page: ProofPageView): PageFlow {
  const lines = page.body.filter((l) => l.block !== undefined && !l.artifact && l.size >= ctx.bodySize * 0.65 && !offFlow(l));
  const all = readingOrder(lines).map((line) => line.text).join('');
  const text = [...all].filter((char) => comparableChar.test(char)).join('');
  const missing = (run: string) => [...run].filter((char) => char === missingMark).length;
  return { text, missingAtStart: missing(/^[^\p{L}\p{N}]*/u.exec(all)?.[0] ?? ''), missingAtEnd: missing(/[^\p{L}\p{N}]*$/u.exec(all)?.[0] ?? '') };
}

/** Where `needle` occurs once in `haystack`; -1 for none, -2 for more than once. */
function onlyAt(haystack: string, needle: string): number {
  const at = haystack.indexOf(needle);
  if (at < 0) return -1;
  return haystack.indexOf(needle, at + 1) < 0 ? at : -2;
}

/** The shortest end (or start) of `text` that occurs once in the book, and where. */
function anchor(book: string, text: string, end: boolean): { at: number; length: number } | undefined {
  for (let length = 8; ; length *= 2) {
    const piece = end ? text.slice(-length) : text.slice(0, length);
    const at = onlyAt(book, piece);
    if (at === -1) return undefined;
    if (at >= 0) return { at, length: piece.length };
    if (piece.length === text.length) return undefined;
  }
}

const books = new WeakMap<ProofContext, { raw: string; text: string; offsets: number[] }>();
/** The book's text, and its comparable characters with their offsets (once per proof). */
function bookOf(ctx: ProofContext, raw: string): { raw: string; text: string; offsets: number[] } {
  const known = books.get(ctx);
  if (known) return known;
  const book = { raw, ...comparableIndex(raw) };
  books.set(ctx, book);
  return book;
}

/** Does the book's text end a block (a paragraph, an item …) where `page`'s text ends? Undefined
 *  when the book's text is not known, or the page's end not found in it once. */
export function blockEndsAt(ctx: ProofContext, page: ProofPageView): boolean | undefined {
  if (ctx.bookText === undefined) return undefined;
  const book = bookOf(ctx, ctx.bookText);
  const tail = anchor(book.text, pageFlow(ctx, page).text, true);
  if (!tail) return undefined;
  const end = tail.at + tail.length;
  // between the page's last character and the book's next one, a line break: blocks are apart
  return /\n/u.test(book.raw.slice((book.offsets[end - 1] ?? 0) + 1, book.offsets[end] ?? book.raw.length));
}

export function textContinuity(ctx: ProofContext): Finding[] {
  if (ctx.bookText === undefined) return [];
  const book = bookOf(ctx, ctx.bookText);
  const findings: Finding[] = [];
  const none: PageFlow = { text: '', missingAtStart: 0, missingAtEnd: 0 };
  const flows = ctx.pages.map((page) => (page.number >= ctx.firstChapterPage ? pageFlow(ctx, page) : none));
  for (let i = 0; i + 1 < flows.length; i++) {
    const here = flows[i]!;
    const there = flows[i + 1]!;
    if (here.text.length < 4 || there.text.length < 4) continue;
    const tail = anchor(book.text, here.text, true);
    const head = anchor(book.text, there.text, false);
    // Text the book does not have (generated: chapter numbers, list numbers) anchors nothing.
    if (!tail || !head) continue;
    const end = tail.at + tail.length;
    if (head.at === end) continue;
    const page = i + 1;
    const quote = (from: number, to: number) => book.raw.slice(book.offsets[from], book.offsets[to] ?? book.raw.length).replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim();
    const lost = [...book.text.slice(end, head.at)].length;
    if (head.at > end && lost > here.missingAtEnd + there.missingAtStart) {
      const text = quote(end, head.at);
      findings.push({ rule: 'text-continuity', page, message: `${lost} characters of text are printed on no page between pages ${page} and ${page + 1}: “${clip(text, 40)}”`, text });
    } else if (head.at < end && head.at >= end - here.text.length) {
      const twice = quote(head.at, end);
      findings.push({ rule: 'text-continuity', page: page + 1, message: `text printed twice, at the foot of page ${page} and the top of page ${page + 1}: “${clip(twice, 40)}”`, text: twice });
    }
  }
  return findings;
}

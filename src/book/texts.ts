/**
 * What each face must draw: the characters of the book by role (text, headings, quotations,
 * code) and weight, read from the book's trees and the words its pages show around them.
 */
import type { Element, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from '../tree-visit.js';
import type { Book } from './model.js';
import { colophonRows } from './presentation.js';
import { labelsFor } from '../templates.js';
import { visibleOf } from '../fonts/visible.js';

/** Each character once, sorted. Spaces have glyphs too (an advance): the ideographic space U+3000
 *  of a heading 第一章　标题, no-break spaces. Left out, Chromium took them from the machine's
 *  fonts (BabelStone Han). */
const uniqueChars = (text: string) => [...new Set(text)].filter((char) => char.trim() || /\p{Zs}/u.test(char)).sort().join('');

// em: readers without text-emphasis show Chinese emphasis in bold (typography.css).
const boldTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'th', 'dt', 'em', 'caption']);

/**
 * Characters per weight: everything the book shows in regular; in bold, what its headings,
 * strong text and labels show. Digits and Latin letters go into both (folios, note numbers).
 */
export function bookTexts(book: Book): Record<number, string> {
  const labels = labelsFor(book.metadata.lang);
  const { metadata } = book;
  // With the text: the marks Chromium draws for text-emphasis (着重号 • and Japanese sesame ﹅,
  // typography.css), which are in no text node; the ellipsis that shortens a running head; the
  // 〓 that print shows for a character no face has; the hyphen (U+2010) Chromium draws where it
  // breaks a word at a soft hyphen (else it takes the machine's DejaVu for it).
  const common = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,:;-\u2010–—()[]/ ↩\uFE0E•﹅…〓';
  const front = [metadata.title, metadata.shortTitle, ...book.chapters.map((c) => c.shortTitle), metadata.subtitle, ...metadata.authors, ...metadata.translators, metadata.publisher]
    .filter(Boolean)
    .join('');
  // Circled note numbers, when the PDF restarts them on every page (in-page-layout.ts).
  const circled = book.print.noteMarker === 'circled' ? '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳' : '';
  // The labels the pages show (not the accessibility summary, which is metadata).
  const shown = Object.entries(labels).filter(([key]) => !key.startsWith('a11y')).map(([, value]) => value).join('');
  let regular = common + circled + front + shown + colophonRows(metadata, labels).map((r) => r.label + r.value).join('');
  let bold = common + front + shown;
  for (const tree of bookTrees(book)) {
    regular += toString(tree);
    visit(tree, 'element', (node: Element) => {
      if (boldTags.has(node.tagName) || (node.properties.className as string[] | undefined)?.includes('figure-label')) bold += toString(node);
    });
  }
  return { 400: uniqueChars(regular), 700: uniqueChars(bold) };
}

/** The book's text as trees: every chapter's body and every note. */
function bookTrees(book: Book): Root[] {
  return book.chapters.flatMap((chapter) => [chapter.body, ...chapter.notes.map((note) => ({ type: 'root', children: note.content }) as Root)]);
}

/** Everything set in code (inline and blocks): drawn in the monospace face where it can be. */
export function codeText(book: Book): string {
  const code = textOf(book, (node) => node.tagName === 'code' || node.tagName === 'pre');
  // With “0”, whose width is CSS's `ch`: a code block's wide characters are spaced to two cells
  // by it (rehype-code-cells.ts); a face without it makes `ch` half an em.
  return [...new Set(visibleOf(code ? `${code}0` : ''))].sort().join('');
}

/** Characters of an element kind, everywhere in the book's trees. */
function textOf(book: Book, test: (node: Element) => boolean): string {
  let text = '';
  for (const tree of bookTrees(book)) {
    visit(tree, 'element', (node: Element) => {
      if (!test(node)) return undefined;
      text += toString(node);
      return SKIP;
    });
  }
  return text;
}

/** What the headings' face draws: headings, chapter numbers, the title page's and contents'
 *  titles (print/base.css, epub/fonts.css.ejs). */
export function headingText(book: Book): string {
  const labels = labelsFor(book.metadata.lang);
  const { title, subtitle } = book.metadata;
  return uniqueChars('0123456789' + title + (subtitle ?? '') + labels.contents + textOf(book, (node) => /^h[1-6]$/.test(node.tagName)));
}

/** What the quotations' face draws: block quotations. */
export function quoteText(book: Book): string {
  const text = textOf(book, (node) => node.tagName === 'blockquote');
  return text ? uniqueChars('0123456789' + text) : '';
}

/** Elements whose text is not read in the run of the page: ruby annotations (set above the
 *  line), table headers (repeated on every page a table runs over), captions (a continued
 *  table's 续表 is the page's, not the book's), drawings. */
const offFlow = new Set(['rt', 'rp', 'th', 'caption', 'figcaption', 'svg', 'math']);

/** The text of the chapters' bodies in reading order, without notes and what `offFlow` names:
 *  what the proof reads the pages' text flow against (text-continuity, proof/rules-flow.ts). */
export function flowText(book: Book): string {
  let text = '';
  for (const chapter of book.chapters) {
    visit(chapter.body, (node: Root | RootContent) => {
      if (node.type === 'text') text += node.value;
      return node.type === 'element' && offFlow.has(node.tagName) ? SKIP : undefined;
    });
    text += '\n';
  }
  return text;
}

/**
 * A paragraph's last line is never one ideograph alone (孤字): its last two characters (and the
 * punctuation after them) are kept on one line, in a `<span class="keep">` that does not wrap
 * (typography.css). The real books of the corpus had 24–36 such lines each. (`text-wrap:
 * pretty` in Chromium mends them too, but re-breaks the lines before, spreading more of them and
 * ignoring soft hyphens.) A paragraph that ends in a note call keeps the call with them. Verse,
 * code and paragraphs that end in other markup are left as they are.
 * For print only (print-content.ts): a reader's screen reflows, and the EPUB keeps the
 * manuscript's markup.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { visit } from '../tree-visit.js';

/** Where running text ends: paragraphs, and list items and definitions without paragraphs. */
const blocks = new Set(['p', 'li', 'dd']);
/** Two ideographs (or kana), then closing punctuation, at the end of the text. */
export const tail = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}[、。，．：；？！）」』》〉】…—”’\p{Pe}\p{Pf}\p{Po}]*\s*$/u;

/** Only punctuation (and spaces): what may follow a paragraph's last word, as in `[链接](…)。`. */
const onlyMarks = /^[\s\p{P}]*$/u;
/** Inline elements whose text may be looked into (not code, ruby or a note call). */
const inline = new Set(['a', 'em', 'strong', 'b', 'i', 'span', 'mark', 'small', 'u', 's', 'del', 'ins']);

/** The text node a paragraph ends with: its last child, or, after a last child of punctuation
 *  only, the end of the inline element before it (the 。 then cannot start a line: kinsoku). */
function lastText(node: Element): { parent: Element; text: Text } | undefined {
  let parent = node;
  for (;;) {
    let i = parent.children.length - 1;
    let last = parent.children[i];
    if (last?.type === 'text' && onlyMarks.test(last.value) && parent === node) last = parent.children[--i];
    if (!last) return undefined;
    if (last.type === 'text') return { parent, text: last };
    if (last.type !== 'element' || !inline.has(last.tagName)) return undefined;
    parent = last;
  }
}

/** Two ideographs (or kana) and closing punctuation, then the word joiner that keeps a note call
 *  on their line (book/footnotes.ts), at the end of the text before the call. */
export const tailBeforeCall = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}[、。，．：；？！）」』》〉】…—”’\p{Pe}\p{Pf}\p{Po}]*\u2060?$/u;

/** A character that may end a paragraph after its last two ideographs: a mark, a space, the
 *  word joiner. */
const trailing = /^[\s\p{P}\u2060]$/u;

/** Where the run of marks and spaces that ends `value` starts (by code points, from the end). */
function trailingStart(value: string): number {
  let i = value.length;
  while (i > 0) {
    const low = value.charCodeAt(i - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && i >= 2 && value.charCodeAt(i - 2) >= 0xd800 && value.charCodeAt(i - 2) <= 0xdbff;
    const start = pair ? i - 2 : i - 1;
    if (!trailing.test(value.slice(start, i))) break;
    i = start;
  }
  return i;
}

/**
 * `pattern` (two ideographs, then marks and spaces to the end) matched against the end of
 * `value` only: on a paragraph's whole text the engine tries every position (0.1 s of the
 * 300,000-character book's print HTML). A match is its two ideographs (at most four code units)
 * and the run of marks that ends the text, so it lies in the text from four units before that
 * run: matched there, it is the whole text's match.
 */
export function matchAtEnd(pattern: RegExp, value: string): { index: number; text: string } | undefined {
  const from = Math.max(0, trailingStart(value) - 4);
  const match = pattern.exec(value.slice(from));
  return match ? { index: from + match.index, text: match[0] } : undefined;
}

const keepSpan = (children: ElementContent[]): ElementContent => ({ type: 'element', tagName: 'span', properties: { className: ['keep'] }, children });

/** A paragraph that ends in a note call (“…流[^2]。”, “…也受支持。[^1]”): the two characters
 *  before the call are kept on one line, and with them the call and the marks after it. (The call
 *  kept the character before it company, so that character went down alone: 126 lines of the
 *  300k book.) */
function keepWithCall(node: Element): boolean {
  const { children } = node;
  let i = children.length - 1;
  const marks = children[i];
  const after = marks?.type === 'text' && onlyMarks.test(marks.value) ? [marks] : [];
  i -= after.length;
  const call = children[i];
  const before = children[i - 1];
  if (call?.type !== 'element' || typeof call.properties.dataNoteref !== 'string' || before?.type !== 'text') return false;
  const match = matchAtEnd(tailBeforeCall, before.value);
  if (!match || match.index === 0) return false;
  // (the call stays outside the span: the note's text is inside the call until Paged.js takes it
  // to the foot, and a span that does not wrap around it broke the widow mend, 53 widows; the
  // word joiner at the span's end holds the call to it, and 。 cannot start a line)
  children.splice(i - 1, 1, { type: 'text', value: before.value.slice(0, match.index) }, keepSpan([{ type: 'text', value: match.text }]));
  return true;
}

export function keepLastLine(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (!blocks.has(node.tagName) || (node.properties.className as string[] | undefined)?.includes('verse')) return;
    if (keepWithCall(node)) return;
    const found = lastText(node);
    if (!found) return;
    const { parent, text } = found;
    const match = matchAtEnd(tail, text.value);
    if (!match || match.index === 0) return;
    parent.children.splice(parent.children.indexOf(text), 1, { type: 'text', value: text.value.slice(0, match.index) }, keepSpan([{ type: 'text', value: match.text }]));
  });
}

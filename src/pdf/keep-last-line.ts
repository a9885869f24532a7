/**
 * A paragraph's last line is never one ideograph alone (孤字): its last two characters (and the
 * punctuation after them) are kept on one line, in a `<span class="keep">` that does not wrap
 * (typography.css). The real books of the corpus had 24–36 such lines each. (`text-wrap:
 * pretty` in Chromium mends them too, but re-breaks the lines before, spreading more of them and
 * ignoring soft hyphens.) Verse, code and paragraphs that end in markup are left as they are.
 * For print only (print-content.ts): a reader's screen reflows, and the EPUB keeps the
 * manuscript's markup.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { visit } from '../tree-visit.js';

/** Where running text ends: paragraphs, and list items and definitions without paragraphs. */
const blocks = new Set(['p', 'li', 'dd']);
/** Two ideographs (or kana), then closing punctuation, at the end of the text. */
const tail = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2}[、。，．：；？！）」』》〉】…—”’\p{Pe}\p{Pf}\p{Po}]*\s*$/u;

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

export function keepLastLine(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (!blocks.has(node.tagName) || (node.properties.className as string[] | undefined)?.includes('verse')) return;
    const found = lastText(node);
    if (!found) return;
    const { parent, text } = found;
    const match = tail.exec(text.value);
    if (!match || match.index === 0) return;
    const keep: ElementContent = { type: 'element', tagName: 'span', properties: { className: ['keep'] }, children: [{ type: 'text', value: match[0] }] };
    parent.children.splice(parent.children.indexOf(text), 1, { type: 'text', value: text.value.slice(0, match.index) }, keep);
  });
}

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

export function keepLastLine(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    if (!blocks.has(node.tagName) || (node.properties.className as string[] | undefined)?.includes('verse')) return;
    const last = node.children[node.children.length - 1];
    if (last?.type !== 'text') return;
    const match = tail.exec((last as Text).value);
    if (!match || match.index === 0) return;
    const keep: ElementContent = { type: 'element', tagName: 'span', properties: { className: ['keep'] }, children: [{ type: 'text', value: match[0] }] };
    node.children.splice(node.children.length - 1, 1, { type: 'text', value: (last as Text).value.slice(0, match.index) }, keep);
  });
}

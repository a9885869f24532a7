/**
 * In vertical books, numbers of one or two digits stand upright across the line
 * (縦中横, `text-combine-upright`); longer Latin runs stay rotated, as CSS sets them.
 * (Hand-written: one regular expression over text nodes, code excluded.)
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { SKIP, visit } from '../tree-visit.js';
import { h } from 'hastscript';

const shortNumber = /(?<![0-9A-Za-z.])([0-9]{1,2})(?![0-9A-Za-z.])/g;

export default function rehypeTateChuYoko() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (node.type === 'element' && ['code', 'pre', 'rt', 'sup', 'sub'].includes((node as Element).tagName)) return SKIP;
      if (node.type !== 'text' || !parent || index === undefined) return undefined;
      const text = node as Text;
      if (!/[0-9]/.test(text.value)) return undefined;
      const parts: ElementContent[] = [];
      let last = 0;
      for (const match of text.value.matchAll(shortNumber)) {
        const start = match.index ?? 0;
        if (start > last) parts.push({ type: 'text', value: text.value.slice(last, start) });
        parts.push(h('span', { className: ['tcy'] }, match[0]));
        last = start + match[0].length;
      }
      if (!parts.length) return undefined;
      if (last < text.value.length) parts.push({ type: 'text', value: text.value.slice(last) });
      (parent.children as ElementContent[]).splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
  };
}

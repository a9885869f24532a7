/** GFM column alignment arrives as `align`, which XHTML5 no longer has: it becomes a style. */
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';

export default function rehypeTableAlign() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      const align = node.properties.align;
      if ((node.tagName !== 'td' && node.tagName !== 'th') || typeof align !== 'string') return;
      delete node.properties.align;
      if (/^(left|right|center)$/.test(align)) node.properties.className = [`align-${align}`];
    });
  };
}

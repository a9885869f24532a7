/**
 * Table cells as XHTML5 and assistive technology want them: GFM column alignment arrives as
 * `align`, which XHTML5 no longer has (it becomes a class); a header cell with no text (a
 * converted table's empty corner, or a GFM table whose header row is blank) heads nothing and
 * becomes a data cell (Ace: empty-table-header).
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from '../tree-visit.js';

export default function rehypeTableAlign() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'td' && node.tagName !== 'th') return;
      if (node.tagName === 'th' && !toString(node).trim() && !node.children.some((child) => child.type === 'element' && child.tagName === 'img')) node.tagName = 'td';
      const align = node.properties.align;
      if (typeof align !== 'string') return;
      delete node.properties.align;
      if (/^(left|right|center)$/.test(align)) node.properties.className = [`align-${align}`];
    });
  };
}

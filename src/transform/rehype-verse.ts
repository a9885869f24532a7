/**
 * A paragraph made of lines (hard breaks, `\` or two spaces at a line's end) is verse: the class
 * `verse` sets it without a first-line indent and unjustified (typography.css). Indented, a poem's
 * first line alone would start lower — in a vertical book, its first column only.
 */
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';

export default function rehypeVerse() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p' || !node.children.some((child) => child.type === 'element' && child.tagName === 'br')) return;
      const own = node.properties.className;
      node.properties.className = [...(Array.isArray(own) ? own.map(String) : []), 'verse'];
    });
  };
}

/**
 * A short paragraph all in bold before more text is a label, not prose: “**注記**” and
 * “**ヒント**” over a note box, “**主服务器**” over its list. The class `label` sets it without
 * the first-line indent (typography.css): indented, the Japanese Reference's 注記 stood two
 * characters in from the box's edge, like the first line of a paragraph. (The page keeps such a
 * label with what follows it: in-page-breaks.ts, inkIsHeading.)
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { addClass } from '../hast-class.js';
import { visit } from '../tree-visit.js';

const isBlank = (node: ElementContent) => node.type === 'text' && !node.value.trim();

/** Paragraph `node` is one bold run of at most 24 characters. */
function isLabel(node: Element): boolean {
  if (node.tagName !== 'p') return false;
  const children = node.children.filter((child) => !isBlank(child));
  const only = children[0];
  const text = toString(node).trim();
  return children.length === 1 && only?.type === 'element' && (only.tagName === 'strong' || only.tagName === 'b') && text.length > 0 && [...text].length <= 24;
}

export default function rehypeLabels() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type !== 'root' && node.type !== 'element') return;
      const blocks = (node.children as ElementContent[]).filter((child): child is Element => child.type === 'element');
      blocks.forEach((block, i) => {
        if (i < blocks.length - 1 && isLabel(block)) addClass(block, 'label');
      });
    });
  };
}

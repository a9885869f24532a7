/**
 * A paragraph that opens with a closing mark, right after a code block, table, list, quotation
 * or figure, goes on with the sentence the display cut: “您可以将 / ⟨log /var/log/dpkg.log⟩ /
 * 添加到…”, “（例如 / ⟨code⟩ / ），也记录结果” (the Debian FAQ pp. 95, 102, converted from
 * DocBook, where the sentence was one paragraph around its display). The class `continues` sets
 * it without the first-line indent (typography.css): indented, a line opened with 「）」 or 「。」
 * as if a new paragraph began with it.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { addClass } from '../hast-class.js';
import { visit } from '../tree-visit.js';
import { mayNotStartLine } from './cjk.js';

const displays = new Set(['pre', 'table', 'ul', 'ol', 'dl', 'blockquote', 'figure']);

export default function rehypeContinuations() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type !== 'root' && node.type !== 'element') return;
      const blocks = (node.children as ElementContent[]).filter((child): child is Element => child.type === 'element');
      blocks.forEach((block, i) => {
        const before = blocks[i - 1];
        if (block.tagName === 'p' && before && displays.has(before.tagName) && mayNotStartLine(toString(block).trimStart()[0])) addClass(block, 'continues');
      });
    });
  };
}

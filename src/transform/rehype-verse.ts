/**
 * A paragraph made of short lines (hard breaks, `\` or two spaces at a line's end; every line of
 * 30 characters or fewer) is verse: the class `verse` sets it without a first-line indent and
 * unjustified (typography.css). Indented, a poem's first line alone would start lower — in a
 * vertical book, its first column only. A bold label on a line of its own before prose
 * (`**您也许可以：**` + break + text) is not verse.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { addClass } from '../hast-class.js';
import { visit } from '../tree-visit.js';

export default function rehypeVerse() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p' || !node.children.some((child) => child.type === 'element' && child.tagName === 'br')) return;
      const lines: string[] = [''];
      for (const child of node.children) {
        if (child.type === 'element' && child.tagName === 'br') lines.push('');
        else lines[lines.length - 1] += toString(child);
      }
      if (lines.some((line) => [...line.trim()].length > 30)) return;
      // (a poem of eight lines or fewer — 绝句, 律诗 — is `verse-short`: vertical.css keeps it whole)
      addClass(node, 'verse', ...(lines.length <= 8 ? ['verse-short'] : []));
    });
  };
}

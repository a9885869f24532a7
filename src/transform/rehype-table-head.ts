/**
 * A converted table's own header. A Markdown table must have a header row, so converters give a
 * table that has none in its source an empty one, and leave its real header in the body as a
 * row all in bold — with, above it, its title as a row of one bold cell (Debian Edu's 服务列表
 * table, p. 14). Printed, the empty row headed the table, and it was what every page the table
 * went on to repeated under 续表 (p. 15), the title a stray cell in the first column. So: an empty
 * header row goes; then, in a table with no header, a first row of one bold cell becomes the
 * table's caption (when it has none), and a first row whose every cell is bold becomes its header.
 * (Hand-written: no rehype plugin reads converted tables.)
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { visit } from '../tree-visit.js';
import { boldOnly, cellsOf, isElement } from './hast-table-parts.js';

const elements = (node: Element, tagName: string) => node.children.filter((child): child is Element => isElement(child) && child.tagName === tagName);
function hasImage(node: Element): boolean {
  return node.children.some((child) => isElement(child) && (child.tagName === 'img' || child.tagName === 'svg' || hasImage(child)));
}
const isEmpty = (cell: Element) => !toString(cell).trim() && !hasImage(cell);

function mendHead(table: Element): void {
  const head = elements(table, 'thead')[0];
  if (head) {
    if (!elements(head, 'tr').every((row) => cellsOf(row).every(isEmpty))) return;
    table.children = table.children.filter((child) => child !== head);
  }
  const body = elements(table, 'tbody')[0];
  let first = body && elements(body, 'tr')[0];
  if (!body || !first) return;
  const filled = cellsOf(first).filter((cell) => !isEmpty(cell));
  const title = filled.length === 1 && cellsOf(first).length > 1 ? boldOnly(filled[0] as Element) : undefined;
  if (title && !elements(table, 'caption').length) {
    table.children.unshift(h('caption', title.children));
    body.children = body.children.filter((child) => child !== first);
    first = elements(body, 'tr')[0];
  }
  const cells = first ? cellsOf(first) : [];
  if (!first || cells.length < 2 || !cells.every((cell) => boldOnly(cell))) return;
  const row = first;
  for (const cell of cells) {
    cell.tagName = 'th';
    cell.children = boldOnly(cell)?.children ?? cell.children;
  }
  body.children = body.children.filter((child) => child !== row);
  table.children.splice(table.children.indexOf(body), 0, h('thead', [row]));
}

export default function rehypeTableHead() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'table') mendHead(node);
    });
  };
}

/**
 * A table's short cells are never broken: 「讀取」, 「操作」, `/dev/urandom`. A browser sizes a
 * column between the narrowest it can be (a CJK text breaks between any two characters, and a
 * cell's word anywhere: typography.css) and its text unbroken, and gives the columns with long
 * text most of the room: a column of two-character words got one character's width, 「操/作」
 * stacked, and `/dev/urando/m` (the Debian Reference zh-TW p. 46). A cell whose text is one word
 * of at most 12 half-width cells (6 ideographs) gets the class `nobreak` (no wrap inside it), so
 * its column is at least that wide — for the narrowest columns first, while the columns so kept
 * come to at most 40 half-width cells (20 em, two thirds of an A5 line): a table of many such
 * columns still fits its page. A table with a cell over two columns or rows is left as it is.
 * Hand-written: no package sizes table columns in hast.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import stringWidth from 'string-width';
import { addClass } from '../hast-class.js';
import { SKIP, visit } from '../tree-visit.js';
import { cellsOf } from './hast-table-parts.js';

const longestWord = 12;
const budget = 40;
/** A cell's padding, in half-width cells (0.5 em on each side). */
const padding = 2;

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  visit(table, 'element', (node: Element) => {
    if (node !== table && node.tagName === 'table') return SKIP;
    if (node.tagName === 'tr') rows.push(node);
    return undefined;
  });
  return rows;
}

/** The width of a cell's text when it is one short word, in half-width cells. */
function shortWidth(cell: Element): number | undefined {
  const text = toString(cell).replace(/\u00AD/gu, '').trim();
  if (!text || /\s/u.test(text)) return undefined;
  const width = stringWidth(text);
  return width <= longestWord ? width : undefined;
}

function keepShortCells(table: Element): void {
  const rows = rowsOf(table);
  // (a cell's column is its place in its row: not in a table with cells over two columns or rows)
  if (rows.some((row) => cellsOf(row).some((cell) => Number(cell.properties.colSpan ?? 1) > 1 || Number(cell.properties.rowSpan ?? 1) > 1))) return;
  const columns = new Map<number, Array<{ cell: Element; width: number }>>();
  for (const row of rows) {
    cellsOf(row).forEach((cell, column) => {
      const width = shortWidth(cell);
      if (width === undefined) return;
      const cells = columns.get(column) ?? [];
      cells.push({ cell, width });
      columns.set(column, cells);
    });
  }
  let left = budget;
  const widest = [...columns.values()].map((cells) => ({ cells, width: Math.max(...cells.map((entry) => entry.width)) + padding }));
  for (const { cells, width } of widest.sort((a, b) => a.width - b.width)) {
    if (width > left) break;
    left -= width;
    for (const { cell } of cells) addClass(cell, 'nobreak');
  }
}

export default function rehypeTableShortCells() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'table') keepShortCells(node);
    });
  };
}

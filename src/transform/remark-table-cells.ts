/**
 * A table row with more cells than its header row loses the rest: GFM leaves them out of the
 * table, silently. Most often it is a `|` inside code (`ps aux | pager`, `:help|only`), which a
 * table needs written `\|` — converted manuals have dozens (the Debian Reference in Japanese lost
 * the descriptions of four tables; in Traditional Chinese, a column of table 1.27's 21 rows
 * printed a lone “`”). Such a row is read again with the bars inside its code spans escaped:
 * when that gives the header's count of cells, it replaces the row (reported as mended, for the
 * Markdown tools that would still split it); else it is reported as losing its last cells.
 * (Hand-written: micromark's table extension follows GFM, which splits there on purpose.)
 */
import type { Root, Table, TableRow } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Processor } from 'unified';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { rules } from '../diagnostics/rules.js';
import { visit } from '../tree-visit.js';

/** The row's text with every `|` inside a code span (backtick runs of equal length) escaped. */
export function escapeBarsInCode(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const run = /^`+/.exec(line.slice(i))?.[0];
    if (!run || (i > 0 && line[i - 1] === '\\')) {
      out += line[i];
      i++;
      continue;
    }
    // the closing run: the same number of backticks, not more
    const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
    close.lastIndex = i + run.length;
    const end = close.exec(line);
    if (!end) {
      out += line.slice(i);
      break;
    }
    out += run + line.slice(i + run.length, end.index).replace(/(?<!\\)\|/g, '\\|') + run;
    i = end.index + run.length;
  }
  return out;
}

/** `row` read again, its bars in code escaped, within a table of the same header: its cells, with
 *  positions in the manuscript; undefined unless that gives `columns` cells. */
function mendedRow(processor: Processor, source: string, table: Table, row: TableRow, columns: number): TableRow | undefined {
  const { start } = table.position ?? {};
  const rowStart = row.position?.start;
  const rowEnd = row.position?.end;
  if (!start || !rowStart || !rowEnd || rowStart.line !== rowEnd.line || rowStart.offset === undefined || rowEnd.offset === undefined) return undefined;
  const lines = source.split('\n');
  const margin = start.column - 1;
  const [header = '', delimiter = ''] = [lines[start.line - 1], lines[start.line]].map((line) => (line ?? '').slice(margin));
  const first = rowStart.offset;
  const line = escapeBarsInCode(source.slice(rowStart.offset, rowEnd.offset));
  const parsed = processor.parse(`${header}\n${delimiter}\n${line}\n`) as Root;
  const mended = (parsed.children[0] as Table | undefined)?.children[1];
  if (parsed.children[0]?.type !== 'table' || mended?.children.length !== columns) return undefined;
  // Positions as in the manuscript: line 3 of the small table is the row's line (escaping added a
  // character per bar, so a column after one is approximate).
  const before = header.length + delimiter.length + 2;
  visit(mended as Node, (node: Node) => {
    for (const point of [node.position?.start, node.position?.end]) {
      if (!point) continue;
      point.line = rowStart.line;
      point.column += rowStart.column - 1;
      point.offset = first + Math.max(0, (point.offset ?? before) - before);
    }
  });
  return mended;
}

export default function remarkTableCells(this: Processor) {
  const processor = this;
  return (tree: Root, file: VFile) => {
    visit(tree, 'table', (table: Table) => {
      const [head, ...rows] = table.children;
      const columns = head?.children.length ?? 0;
      for (const row of rows) {
        if (row.children.length <= columns) continue;
        const mended = mendedRow(processor, String(file), table, row, columns);
        if (mended) {
          table.children[table.children.indexOf(row)] = mended;
          file.message(`a | inside code split this table row's cells: read as code (other Markdown tools split it; write it \\|)`, {
            place: row.position,
            ruleId: rules.tableCellsDropped,
            source: 'inkstone',
          });
          continue;
        }
        const lost = row.children.slice(columns).map((cell) => toString(cell)).join(' | ');
        file.message(`this table row has ${row.children.length} cells, its header ${columns}: “${lost}” is left out of the table (a | inside code must be written \\|)`, {
          place: row.position,
          ruleId: rules.tableCellsDropped,
          source: 'inkstone',
        });
      }
    });
  };
}

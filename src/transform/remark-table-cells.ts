/**
 * A table row with more cells than its header row loses the rest: GFM leaves them out of the
 * table, silently. Most often it is a `|` inside code (`ps aux | pager`), which a table needs
 * written `\|` — converted manuals have dozens (the Debian Reference in Japanese lost the
 * descriptions of four tables). Each such row is reported where it is.
 */
import type { Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { rules } from '../diagnostics/rules.js';
import { visit } from '../tree-visit.js';

export default function remarkTableCells() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'table', (table: Table) => {
      const [head, ...rows] = table.children;
      const columns = head?.children.length ?? 0;
      for (const row of rows) {
        if (row.children.length <= columns) continue;
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

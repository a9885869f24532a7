/**
 * A table's title, as converted manuals write it: a paragraph all in bold right before the table,
 * naming it (“**表1.20 "$HOME" の値のリスト**”, “**Table 3. Ports**”), becomes the table's
 * `<caption>`. Set as a bold body paragraph it read as part of the text above it, stayed at the
 * left of a narrow centred table, and assistive technology had no name for the table. Only a
 * paragraph that starts with a table label and a number is taken: bold text before a table is
 * otherwise the author's. (Hand-written: no rehype plugin does this.)
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from '../tree-visit.js';
import { boldOnly, isBlank, isElement } from './hast-table-parts.js';

/** 表 1.2, 表格 3, 表３, Table 4, Tabelle 5, Tableau 6. */
const tableLabel = /^(表格?|Table|Tabelle|Tableau|Tabla)\s*[0-9０-９]/iu;

/** The label and number a caption starts with (“表1.21”, “表格 3.7”, “Table 3”), if it does. */
export function tableName(caption: string): string | undefined {
  return /^(?:表格?|Table|Tabelle|Tableau|Tabla)\s*[0-9０-９]+(?:[.．-][0-9０-９]+)*/iu.exec(caption.trim())?.[0];
}

export default function rehypeTableCaptions() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type !== 'root' && node.type !== 'element') return;
      const children = node.children as ElementContent[];
      for (let i = 0; i < children.length; i++) {
        const paragraph = children[i];
        if (!isElement(paragraph)) continue;
        const bold = paragraph.tagName === 'p' ? boldOnly(paragraph) : undefined;
        if (!bold || !tableLabel.test(toString(bold).trim())) continue;
        let next = i + 1;
        while (next < children.length && isBlank(children[next]!)) next++;
        const table = children[next];
        if (!isElement(table) || table.tagName !== 'table' || table.children.some((child) => isElement(child) && child.tagName === 'caption')) continue;
        table.children.unshift({ type: 'element', tagName: 'caption', properties: {}, children: bold.children });
        children.splice(i, next - i);
      }
    });
  };
}

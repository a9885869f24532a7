/**
 * A note call whose definition is missing is not a call to Markdown: `[^x]` stays as text.
 * Each one is reported where it is, so the author sees it before a reader does.
 */
import type { Root, Text } from 'mdast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import { rules } from '../diagnostics/rules.js';

export default function remarkUndefinedNotes() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'text', (node: Text) => {
      for (const match of node.value.matchAll(/\[\^([^\]\s]+)\]/g)) {
        const before = node.value.slice(0, match.index);
        const line = (node.position?.start.line ?? 1) + (before.match(/\n/g)?.length ?? 0);
        const column = before.includes('\n') ? before.length - before.lastIndexOf('\n') : (node.position?.start.column ?? 1) + before.length;
        file.message(`footnote “${match[1]}” is cited but not defined`, {
          place: node.position ? { line, column } : undefined,
          ruleId: rules.footnoteUndefined,
          source: 'inkstone',
        });
      }
    });
  };
}

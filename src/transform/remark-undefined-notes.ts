/**
 * A note call whose definition is missing is not a call to Markdown: `[^x]` stays as text.
 * Each one is reported where it is, so the author sees it before a reader does. So is a second
 * definition of the same note (Markdown keeps the first, silently).
 */
import type { FootnoteDefinition, Root, Text } from 'mdast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import { rules } from '../diagnostics/rules.js';

export default function remarkUndefinedNotes() {
  return (tree: Root, file: VFile) => {
    const defined = new Map<string, FootnoteDefinition>();
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition) => {
      const label = node.identifier;
      const first = defined.get(label);
      if (!first) defined.set(label, node);
      else {
        file.message(`footnote “${node.label ?? label}” is defined twice (first on line ${first.position?.start.line ?? '?'}): this definition is ignored`, {
          place: node.position,
          ruleId: rules.footnoteDuplicate,
          source: 'inkstone',
        });
      }
    });
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

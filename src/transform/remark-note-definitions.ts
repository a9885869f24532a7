/**
 * Moves footnote definitions out of the chapter's flow into `file.data.noteDefinitions`
 * (converted to hast with the same handlers), so the book stage can number notes across
 * chapters and each renderer can place them where its medium wants them.
 */
import type { ElementContent } from 'hast';
import type { FootnoteDefinition, Root } from 'mdast';
import { toHast } from 'mdast-util-to-hast';
import type { Position } from 'unist';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { handlers } from './handlers.js';

export interface NoteDefinition {
  /** Normalised identifier, as on `footnoteReference` nodes. */
  identifier: string;
  /** The label as written. */
  label: string;
  content: ElementContent[];
  position: Position | undefined;
}

declare module 'vfile' {
  interface DataMap {
    noteDefinitions: globalThis.Map<string, NoteDefinition>;
  }
}

export default function remarkNoteDefinitions() {
  return (tree: Root, file: VFile) => {
    const definitions = new Map<string, NoteDefinition>();
    visit(tree, 'footnoteDefinition', (node: FootnoteDefinition, index, parent) => {
      if (!parent || index === undefined) return;
      if (!definitions.has(node.identifier)) {
        const hast = toHast({ type: 'root', children: node.children }, { handlers });
        const content = hast.type === 'root' ? (hast.children as ElementContent[]) : [hast as ElementContent];
        definitions.set(node.identifier, {
          identifier: node.identifier,
          label: node.label ?? node.identifier,
          content: content.filter((child) => !(child.type === 'text' && child.value.trim() === '')),
          position: node.position,
        });
      }
      parent.children.splice(index, 1);
      return [SKIP, index];
    });
    file.data.noteDefinitions = definitions;
  };
}

/**
 * Takes note definitions (`<aside data-note-definition>`, see handlers.ts) out of the chapter's
 * flow into `file.data.noteDefinitions`, after every other pass has run on them.
 */
import type { Element, ElementContent, Root } from 'hast';
import type { Position } from 'unist';
import { SKIP, visit } from '../tree-visit.js';
import type { VFile } from 'vfile';

export interface NoteDefinition {
  /** Normalised identifier, as on the note calls. */
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

export default function rehypeNoteDefinitions() {
  return (tree: Root, file: VFile) => {
    const definitions = new Map<string, NoteDefinition>();
    visit(tree, 'element', (node: Element, index, parent) => {
      const identifier = node.properties.dataNoteDefinition;
      if (typeof identifier !== 'string' || !parent || index === undefined) return;
      if (!definitions.has(identifier)) {
        definitions.set(identifier, {
          identifier,
          label: String(node.properties.dataNoteLabel ?? identifier),
          content: node.children.filter((child) => !(child.type === 'text' && child.value.trim() === '')),
          position: node.position,
        });
      }
      parent.children.splice(index, 1);
      // drop the line break remark-rehype put after the block
      const next = parent.children[index];
      if (next?.type === 'text' && next.value.trim() === '') parent.children.splice(index, 1);
      return [SKIP, index];
    });
    file.data.noteDefinitions = definitions;
  };
}

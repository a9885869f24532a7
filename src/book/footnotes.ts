/**
 * Numbers note calls across the book. Each note gets one number however often it is cited
 * (continuous through the book, or restarting per chapter), one book-wide anchor `fn-N`, and
 * one anchor per call (`fnref-N`, `fnref-N-2`, …) so the note can link back to every call.
 */
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import { rules } from '../diagnostics/rules.js';
import type { NoteDefinition } from '../transform/rehype-note-definitions.js';
import type { Note } from './model.js';

export interface NoteCounter {
  /** Book-wide sequence, for anchors. */
  sequence: number;
  /** Displayed number. */
  number: number;
}

const isCall = (node: unknown): boolean => (node as Element | undefined)?.type === 'element' && typeof (node as Element).properties.dataNoteref === 'string';

/**
 * A note call stays on the line of the text it follows: a word joiner (U+2060, no width, no
 * glyph) goes between them. Else a line may break before the call (after 。 it may) and set it
 * alone at the start of the next line — the Debian FAQ's “…也受支持。” / “6”. Not after a
 * space, nor between two calls.
 */
function joinCalls(tree: Root | Element): void {
  visit(tree, 'element', (node: Element) => {
    if (!node.children.some(isCall)) return;
    node.children = node.children.flatMap((child, i) => {
      const before = node.children[i - 1];
      if (!isCall(child) || !before || isCall(before)) return [child];
      if (before.type === 'text') {
        if (!/[\s\u2060]$/.test(before.value)) before.value += '\u2060';
        return [child];
      }
      return before.type === 'element' ? [{ type: 'text', value: '\u2060' }, child] : [child];
    });
  });
}

function isNoteCall(node: Element): boolean {
  return node.tagName === 'a' && typeof node.properties.dataNoteref === 'string' && !node.properties.id;
}

/**
 * Numbers the calls in `body` (mutating them into `<a data-noteref="fn-N" id="fnref-N">`) and
 * returns the chapter's notes in order of first call.
 */
export function numberNotes(body: Root, file: VFile, counter: NoteCounter): Note[] {
  const definitions = file.data.noteDefinitions ?? new Map<string, NoteDefinition>();
  const byIdentifier = new Map<string, Note>();
  const notes: Note[] = [];

  const number = (tree: Root | Element, insideNote: boolean) => {
    visit(tree, 'element', (node: Element) => {
      if (!isNoteCall(node)) return;
      const identifier = String(node.properties.dataNoteref);
      let note = byIdentifier.get(identifier);
      if (!note) {
        const definition = definitions.get(identifier);
        if (!definition) return;
        counter.sequence += 1;
        counter.number += 1;
        note = { id: `fn-${counter.sequence}`, number: counter.number, callIds: [], content: definition.content };
        byIdentifier.set(identifier, note);
        notes.push(note);
        if (insideNote) {
          file.message(`note “${definition.label}” is cited inside another note; it is placed after that note`, {
            place: node.position,
            ruleId: rules.footnoteNested,
            source: 'inkstone',
          });
        }
        number({ type: 'element', tagName: 'div', properties: {}, children: note.content }, true);
      }
      const callId = note.callIds.length === 0 ? `fnref-${note.id.slice(3)}` : `fnref-${note.id.slice(3)}-${note.callIds.length + 1}`;
      note.callIds.push(callId);
      node.properties = { dataNoteref: note.id, id: callId };
    });
  };
  number(body, false);
  joinCalls(body);
  for (const note of notes) joinCalls({ type: 'root', children: note.content } as Root);

  for (const definition of definitions.values()) {
    if (!byIdentifier.has(definition.identifier)) {
      file.message(`footnote “${definition.label}” is defined but never cited`, {
        place: definition.position,
        ruleId: rules.footnoteUnused,
        source: 'inkstone',
      });
    }
  }
  return notes;
}

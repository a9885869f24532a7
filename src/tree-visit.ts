/**
 * `visit` with unist-util-visit's contract and types, for the type tests Inkstone uses (a node
 * type, or none): preorder, depth first; the visitor gets (node, index, parent) and may return
 * CONTINUE, SKIP, EXIT, an index to go on from, or [action, index].
 *
 * Written here, not taken from unist-util-visit, for speed alone: unist-util-visit-parents (6.1)
 * names a fresh closure for every node it passes (Object.defineProperty with a coloured label,
 * for stack traces) and copies the ancestor list at every level. On the 300,000-character
 * benchmark book one pass over the hast took 12–23 ms with it and 1–3 ms with this loop, and a
 * build makes some thirty passes. Every walk in src/ goes through here; the plugins from npm
 * keep their own.
 */
import type { Node, Parent } from 'unist';
import { CONTINUE, EXIT, SKIP, type visit as unistVisit } from 'unist-util-visit';

export { CONTINUE, EXIT, SKIP };

type Visitor = (node: Node, index: number | undefined, parent: Parent | undefined) => unknown;

function walk(tree: Node, test: string | undefined, visitor: Visitor): void {
  /** null: stop the walk; a number: go on from that sibling; undefined: the next sibling. */
  const step = (node: Node, index: number | undefined, parent: Parent | undefined): number | null | undefined => {
    let action: unknown;
    let next: number | undefined;
    if (test === undefined || node.type === test) {
      const result = visitor(node, index, parent);
      if (Array.isArray(result)) {
        action = result[0];
        if (typeof result[1] === 'number') next = result[1];
      } else if (typeof result === 'number') {
        next = result;
      } else {
        action = result;
      }
      if (action === EXIT) return null;
    }
    if (action !== SKIP && 'children' in node) {
      const self = node as Parent;
      let offset = 0;
      // Read anew each turn: a visitor may splice its parent's children.
      while (self.children && offset > -1 && offset < self.children.length) {
        const after = step(self.children[offset] as Node, offset, self);
        if (after === null) return null;
        offset = after ?? offset + 1;
      }
    }
    return next;
  };
  step(tree, undefined, undefined);
}

function visitImpl(tree: Node, testOrVisitor: unknown, maybeVisitor?: unknown): void {
  if (typeof testOrVisitor === 'function') return walk(tree, undefined, testOrVisitor as Visitor);
  if ((typeof testOrVisitor !== 'string' && testOrVisitor != null) || typeof maybeVisitor !== 'function') {
    throw new TypeError('visit: only a node type (or no test) and a visitor function are supported');
  }
  walk(tree, testOrVisitor ?? undefined, maybeVisitor as Visitor);
}

/** Same call and types as unist-util-visit's `visit` (type tests only; see above). */
export const visit = visitImpl as typeof unistVisit;

/**
 * mdast → hast handlers Inkstone overrides. Shared by chapter bodies and note bodies so both
 * convert the same way.
 */
import type { Element } from 'hast';
import type { FootnoteReference } from 'mdast';
import type { Handlers, State } from 'mdast-util-to-hast';

/**
 * A note call becomes a placeholder `<a data-noteref="label">`; the book stage numbers it and
 * each renderer gives it its final form (EPUB noteref, print footnote). Overriding this handler
 * also keeps remark-rehype from appending its own per-file footnote section.
 */
function footnoteReference(state: State, node: FootnoteReference): Element {
  const result: Element = {
    type: 'element',
    tagName: 'a',
    properties: { dataNoteref: node.identifier },
    children: [],
  };
  state.patch(node, result);
  return result;
}

export const handlers: Partial<Handlers> = { footnoteReference };

/**
 * mdast → hast handlers Inkstone overrides, so that notes stay in the tree until the book stage
 * numbers them across chapters and each renderer places them for its medium.
 */
import type { Element } from 'hast';
import type { FootnoteDefinition, FootnoteReference } from 'mdast';
import type { Handlers, State } from 'mdast-util-to-hast';
import { rubyElement } from './remark-ruby.js';

/**
 * A note call becomes a placeholder `<a data-noteref="label">`. Overriding this handler also keeps
 * remark-rehype from appending its own per-file footnote section.
 */
function footnoteReference(state: State, node: FootnoteReference): Element {
  const result: Element = { type: 'element', tagName: 'a', properties: { dataNoteref: node.identifier }, children: [] };
  state.patch(node, result);
  return result;
}

/**
 * A note definition stays where it is written as `<aside data-note-definition="label">`, so the
 * rehype passes treat its text like any other; `rehype-note-definitions` then takes it out.
 */
function footnoteDefinition(state: State, node: FootnoteDefinition): Element {
  const result: Element = {
    type: 'element',
    tagName: 'aside',
    properties: { dataNoteDefinition: node.identifier, dataNoteLabel: node.label ?? node.identifier },
    children: state.all(node),
  };
  state.patch(node, result);
  return result;
}

export const handlers: Partial<Handlers> = { footnoteReference, footnoteDefinition, ruby: rubyElement };

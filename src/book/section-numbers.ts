/**
 * `number-sections` (pandoc's name): the sections of a numbered chapter get numbers after the
 * chapter's — 3.1, 3.2, 3.2.1 — in the heading (a span before its text), the contents and the
 * EPUB's navigation, down to level 4. The heading's own text (running heads, links, bookmarks)
 * stays as written.
 */
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { Heading } from './model.js';

const deepest = 4;

export function numberSections(body: Root, headings: Heading[], chapter: number): void {
  const counters = [chapter, 0, 0, 0];
  const byId = new Map(headings.map((heading) => [heading.id, heading]));
  visit(body, 'element', (node: Element) => {
    const depth = /^h([2-6])$/.exec(node.tagName)?.[1];
    if (!depth || Number(depth) > deepest) return;
    const level = Number(depth) - 1;
    counters[level] = (counters[level] ?? 0) + 1;
    for (let i = level + 1; i < counters.length; i++) counters[i] = 0;
    const number = counters.slice(0, level + 1).join('.');
    node.children.unshift({ type: 'element', tagName: 'span', properties: { className: ['section-number'] }, children: [{ type: 'text', value: number }] });
    const heading = typeof node.properties.id === 'string' ? byId.get(node.properties.id) : undefined;
    if (heading) heading.number = number;
  });
}

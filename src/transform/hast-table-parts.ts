/** What the table plugins read of hast: elements, a row's cells, and an element that is all bold. */
import type { Element, ElementContent } from 'hast';

export const isElement = (node: ElementContent | undefined): node is Element => node?.type === 'element';
export const isBlank = (node: ElementContent): boolean => node.type === 'text' && !node.value.trim();

/** A row's cells, header or data. */
export const cellsOf = (row: Element): Element[] => row.children.filter((child): child is Element => isElement(child) && (child.tagName === 'td' || child.tagName === 'th'));

/** The `strong` (or `b`) that is all of `node`'s content, blank text aside, if it is. */
export function boldOnly(node: Element): Element | undefined {
  const children = node.children.filter((child) => !isBlank(child));
  const only = children[0];
  return children.length === 1 && isElement(only) && (only.tagName === 'strong' || only.tagName === 'b') ? only : undefined;
}

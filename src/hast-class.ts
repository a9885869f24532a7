/** A hast element's classes, and adding to them: one way for every plugin and renderer. */
import type { Element } from 'hast';

/** The element's classes (`className`: an array in hast; a string is split). */
export function classList(node: Element): string[] {
  const value = node.properties.className;
  return Array.isArray(value) ? value.map(String) : value ? String(value).split(/\s+/) : [];
}

/** Adds `names` after the element's own classes. */
export function addClass(node: Element, ...names: string[]): void {
  node.properties.className = [...classList(node), ...names];
}

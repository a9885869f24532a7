/**
 * For readers without CSS `text-autospace`: inserts a space between Han characters and Latin
 * letters or digits at build time (the manuscript's `autospace: insert`; the stylesheet then
 * turns `text-autospace` off, never both). Text nodes only; code is never touched.
 * (Hand-written: two regular expressions.)
 */
import type { Element, Root, Text } from 'hast';
import { SKIP, visit } from '../tree-visit.js';

const hanThenLatin = /([\p{Script=Han}\u3005\u3007])([A-Za-z0-9])/gu;
const latinThenHan = /([A-Za-z0-9%])([\p{Script=Han}\u3005\u3007])/gu;

export function insertSpaces(text: string): string {
  return text.replace(hanThenLatin, '$1 $2').replace(latinThenHan, '$1 $2');
}

export default function rehypeAutospace() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'element' && ['code', 'pre', 'kbd', 'samp', 'script', 'style'].includes((node as Element).tagName)) return SKIP;
      if (node.type === 'text') (node as Text).value = insertSpaces((node as Text).value);
      return undefined;
    });
  };
}

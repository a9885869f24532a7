/**
 * rehype-highlight, loaded and run only when a chapter has code marked with a language (the
 * only code it highlights with `detect: false`): it brings lowlight and highlight.js's common
 * grammars, which every build loaded and registered at start, for the few books with code.
 */
import type { Element, Root } from 'hast';
import type { Options } from 'rehype-highlight';
import type { VFile } from 'vfile';
import { classList } from '../hast-class.js';
import { EXIT, visit } from '../tree-visit.js';

/** A class that names a language as rehype-highlight reads it (`language-js`, `lang-js`). */
const languageClass = /^(language|lang)-/;

export default function rehypeHighlightIfAny(options: Options) {
  let transform: ((tree: Root, file: VFile) => void) | undefined;
  return async (tree: Root, file: VFile): Promise<void> => {
    let marked = false;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'code' || !classList(node).some((name) => languageClass.test(name))) return;
      marked = true;
      return EXIT;
    });
    if (!marked) return;
    transform ??= (await import('rehype-highlight')).default(options) as (tree: Root, file: VFile) => void;
    transform(tree, file);
  };
}

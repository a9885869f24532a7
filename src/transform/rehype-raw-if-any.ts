/**
 * rehype-raw, run only when the chapter has raw HTML: re-parsing the whole tree with parse5
 * costs a tenth of a long book's transform, and a chapter without HTML gets nothing from it.
 */
import type { Root } from 'hast';
import rehypeRaw, { type Options } from 'rehype-raw';
import type { VFile } from 'vfile';
import { EXIT, visit } from '../tree-visit.js';

export default function rehypeRawIfAny(options?: Options) {
  const transform = rehypeRaw(options);
  return (tree: Root, file: VFile): Root => {
    let raw = false;
    visit(tree, 'raw', () => {
      raw = true;
      return EXIT;
    });
    return raw ? (transform(tree, file) as Root) : tree;
  };
}

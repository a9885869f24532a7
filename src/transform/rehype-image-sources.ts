/**
 * Takes every image source out of reach of the sanitizer and of the renderers: `src` moves to
 * `data-inkstone-src` (always overwritten, so raw HTML cannot set it), and the book stage
 * resolves it — inside the manuscript folder only — into one of the book's own images.
 * A `file:` link is refused here, with its place: it would point into the build machine.
 */
import { rules } from '../diagnostics/rules.js';
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';

export default function rehypeImageSources() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'img') {
        const src = node.properties.src;
        delete node.properties.src;
        delete node.properties.srcSet;
        node.properties.dataInkstoneSrc = typeof src === 'string' ? src : '';
      } else if (node.tagName === 'a' && typeof node.properties.href === 'string' && /^\s*file:/i.test(node.properties.href)) {
        file.fail(`link to “${node.properties.href}” refused: file: URLs point into the machine that builds the book`, {
          place: node.position,
          ruleId: rules.pathOutside,
          source: 'inkstone',
        });
      }
    });
  };
}

/**
 * Before the sanitizer removes them, names what raw HTML tried: scripts, frames, objects,
 * event handlers, javascript: URLs — one warning each, at its place in the manuscript.
 */
import { rules } from '../diagnostics/rules.js';
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';

const unsafeTags = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'form', 'style', 'link', 'meta', 'base']);

export default function rehypeUnsafeReport() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      const warn = (what: string) =>
        file.message(`${what} removed: a manuscript cannot run code or load content into the book`, {
          place: node.position,
          ruleId: rules.htmlUnsafe,
          source: 'inkstone',
        });
      if (unsafeTags.has(node.tagName)) warn(`<${node.tagName}>`);
      for (const [key, value] of Object.entries(node.properties)) {
        if (/^on[a-z]/i.test(key)) warn(`event handler ${key.toLowerCase()} on <${node.tagName}>`);
        else if (typeof value === 'string' && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) warn(`${value.split(':')[0]}: URL on <${node.tagName}>`);
      }
    });
  };
}

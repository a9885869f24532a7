/**
 * Before the sanitizer removes them, names what raw HTML tried: scripts, frames, objects,
 * event handlers, javascript: URLs — one warning each, at its place in the manuscript.
 */
import { rules } from '../diagnostics/rules.js';
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import { narrowedClasses } from './sanitize-schema.js';

const unsafeTags = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'form', 'style', 'link', 'meta', 'base']);

export default function rehypeUnsafeReport(options: { classes?: readonly string[] } = {}) {
  const styled = new Set(options.classes ?? []);
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element) => {
      // A class the sanitizer drops (where it narrows classes) and no manuscript CSS uses.
      const narrowed = narrowedClasses[node.tagName];
      const classes = Array.isArray(node.properties.className) ? node.properties.className.map(String) : [];
      const dropped = narrowed ? classes.filter((name) => !narrowed.test(name) && !styled.has(name)) : [];
      if (dropped.length && node.position) {
        file.message(`class ${dropped.map((name) => `“${name}”`).join(', ')} on <${node.tagName}> removed: no CSS of the manuscript uses it (book.yaml’s css)`, {
          place: node.position,
          ruleId: rules.classUnstyled,
          source: 'inkstone',
        });
      }
      const warn = (what: string, why = 'a manuscript cannot run code or load content into the book') =>
        file.message(`${what} removed: ${why}`, {
          place: node.position,
          ruleId: rules.htmlUnsafe,
          source: 'inkstone',
        });
      const sheet = node.tagName === 'style' || (node.tagName === 'link' && String(node.properties.rel ?? '').includes('stylesheet'));
      if (sheet) warn(`<${node.tagName}>`, 'a book’s CSS goes in a file that book.yaml names (css: style.css), from where it reaches the EPUB and the PDF');
      else if (unsafeTags.has(node.tagName)) warn(`<${node.tagName}>`);
      for (const [key, value] of Object.entries(node.properties)) {
        if (/^on[a-z]/i.test(key)) warn(`event handler ${key.toLowerCase()} on <${node.tagName}>`);
        else if (typeof value === 'string' && /^\s*(javascript|vbscript|data:text\/html)/i.test(value)) warn(`${value.split(':')[0]}: URL on <${node.tagName}>`);
      }
    });
  };
}

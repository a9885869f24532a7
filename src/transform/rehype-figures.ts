/**
 * `![alt](src "caption")` alone in its paragraph becomes a figure: `<figure>` with the image and
 * a `<figcaption>` from the title. (Numbering, when asked, is the book stage's: it spans chapters.)
 */
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';

export default function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const [only] = content;
      if (content.length !== 1 || only?.type !== 'element' || only.tagName !== 'img') return;
      const caption = only.properties.title;
      if (typeof caption !== 'string' || !caption.trim()) return;
      delete only.properties.title;
      parent.children[index] = {
        type: 'element',
        tagName: 'figure',
        properties: {},
        position: node.position,
        children: [only, { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] }],
      };
    });
  };
}

/**
 * An image alone in its paragraph is a block figure: `<figure>` with the image, and a
 * `<figcaption>` from the title, `![alt](src "caption")`. A paragraph made only of images (a
 * row of screenshots) becomes one figure per image. As a paragraph it would inherit the
 * first-line indent and run past the text block. Numbering, when asked, is the book stage's: it
 * spans chapters, and counts captioned figures only.
 */
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from '../tree-visit.js';

function figure(image: Element, position: Element['position']): Element {
  const caption = image.properties.title;
  delete image.properties.title;
  const captioned = typeof caption === 'string' && caption.trim() !== '';
  return {
    type: 'element',
    tagName: 'figure',
    properties: {},
    position,
    children: captioned
      ? [image, { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] }]
      : [image],
  };
}

export default function rehypeFigures() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'p' || !parent || index === undefined) return;
      const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
      const images = content.filter((child): child is Element => child.type === 'element' && child.tagName === 'img');
      if (!images.length || images.length !== content.length) return;
      const figures: ElementContent[] = images.map((image) => figure(image, images.length === 1 ? node.position : image.position));
      parent.children.splice(index, 1, ...figures);
      return [SKIP, index + figures.length];
    });
  };
}

/**
 * The EPUB's accessibility metadata (schema.org, EPUB Accessibility 1.1), from what the book
 * holds rather than a fixed claim: visual access mode only with images, `alternativeText` only
 * when every image has a description, `rubyAnnotations` only with ruby; a summary in the book's
 * language that says the same. book.yaml's `accessibility` keys replace the summary and the
 * hazards. No conformance claim (`dcterms:conformsTo`): the book has no page list yet, and
 * Inkstone checks no colour contrast of a publisher's own images.
 */
import type { Element, Root } from 'hast';
import { visit } from '../tree-visit.js';
import type { Book } from '../book/model.js';
import type { Labels } from '../templates.js';

export interface Accessibility {
  accessModes: string[];
  /** Each entry one `accessModeSufficient` (a comma-separated list). */
  sufficient: string[];
  features: string[];
  hazards: string[];
  summary: string;
}

export function accessibilityOf(book: Book, labels: Labels, overrides: { summary?: string | undefined; hazards?: string[] | undefined } = {}, pageList = false): Accessibility {
  let images = 0;
  let described = 0;
  let ruby = false;
  const trees: Root[] = book.chapters.flatMap((chapter) => [chapter.body, ...chapter.notes.map((note) => ({ type: 'root', children: note.content }) as Root)]);
  for (const tree of trees) {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'img') {
        images += 1;
        if (typeof node.properties.alt === 'string' && node.properties.alt.trim()) described += 1;
      } else if (node.tagName === 'ruby') ruby = true;
    });
  }
  const allDescribed = images === described;
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder'];
  if (images && allDescribed) features.push('alternativeText');
  if (ruby) features.push('rubyAnnotations');
  if (pageList) features.push('printPageNumbers');
  const summary =
    overrides.summary ??
    [labels.a11yText, images ? (allDescribed ? labels.a11yImages : labels.a11yImagesMissing) : '', ruby ? labels.a11yRuby : ''].filter(Boolean).join(/^[a-z]/i.test(labels.a11yText) ? ' ' : '');
  return {
    accessModes: images ? ['textual', 'visual'] : ['textual'],
    sufficient: images ? (allDescribed ? ['textual', 'textual,visual'] : ['textual,visual']) : ['textual'],
    features,
    hazards: overrides.hazards?.length ? overrides.hazards : ['none'],
    summary,
  };
}

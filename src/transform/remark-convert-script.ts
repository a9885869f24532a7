/**
 * Simplified ⇄ Traditional editions: converts the text of the manuscript with OpenCC
 * (opencc-js, phrase-level: 软件 → 軟體, not just character by character). Text nodes and image
 * descriptions only; code and URLs are never touched. A heading keeps its text as written for
 * its id (book/build-book.ts): links between chapters, written against the manuscript's
 * headings, find the same headings in every edition.
 */
import type { Heading, Image, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from '../tree-visit.js';

export type Convert = (text: string) => string;

export default function remarkConvertScript(convert: Convert) {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'heading') {
        const heading = node as Heading;
        heading.data = { ...heading.data, hProperties: { ...heading.data?.hProperties, dataSourceText: toString(heading, { includeImageAlt: false, includeHtml: false }) } };
      } else if (node.type === 'text') (node as Text).value = convert((node as Text).value);
      else if (node.type === 'image' && (node as Image).alt) (node as Image).alt = convert((node as Image).alt ?? '');
    });
  };
}

/**
 * Simplified ⇄ Traditional editions: converts the text of the manuscript with OpenCC
 * (opencc-js, phrase-level: 软件 → 軟體, not just character by character). Text nodes and image
 * descriptions only; code and URLs are never touched.
 */
import type { Image, Root, Text } from 'mdast';
import { visit } from '../tree-visit.js';

export type Convert = (text: string) => string;

export default function remarkConvertScript(convert: Convert) {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (node.type === 'text') (node as Text).value = convert((node as Text).value);
      else if (node.type === 'image' && (node as Image).alt) (node as Image).alt = convert((node as Image).alt ?? '');
    });
  };
}

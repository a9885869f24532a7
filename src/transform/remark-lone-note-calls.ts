/**
 * A paragraph that is only a note call (or calls) belongs to the paragraph before it: converted
 * manuals put the call of a note on a line of its own after the sentence it annotates (the
 * Debian FAQ's 「Sid 是破坏玩具的隔壁男孩 :-)」, then 「[^1]」 alone), and the call was printed
 * alone under its paragraph, an indented “2” on a line of its own (the FAQ pp. 55, 61). The
 * calls go to the end of the paragraph before; elsewhere (after a list, a heading) they stay.
 */
import type { Paragraph, Root, RootContent } from 'mdast';
import { visit } from '../tree-visit.js';

const isCallsOnly = (node: RootContent | undefined): node is Paragraph =>
  node?.type === 'paragraph' &&
  node.children.some((child) => child.type === 'footnoteReference') &&
  node.children.every((child) => child.type === 'footnoteReference' || (child.type === 'text' && !child.value.trim()));

export default function remarkLoneNoteCalls() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (!('children' in node)) return;
      const children = node.children as RootContent[];
      for (let index = children.length - 1; index > 0; index--) {
        const lone = children[index];
        const before = children[index - 1];
        if (!isCallsOnly(lone) || before?.type !== 'paragraph') continue;
        before.children.push(...lone.children.filter((child) => child.type === 'footnoteReference'));
        children.splice(index, 1);
      }
    });
  };
}

/**
 * Chinese emphasis is 着重号 (dots beside the characters), not italics — but Latin words inside
 * an emphasis keep their italics. Marks the Latin runs of every `<em>` as `<span class="em-latin">`
 * so the stylesheet can give dots to the CJK and italics to the rest. (Hand-written: a few lines.)
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from '../tree-visit.js';
import { h } from 'hastscript';

const latinRun = /[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’.,:;!?&()\- ]*/g;

function split(text: Text): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const match of text.value.matchAll(latinRun)) {
    const run = match[0].replace(/[ ]+$/, '');
    const start = match.index ?? 0;
    if (start > last) out.push({ type: 'text', value: text.value.slice(last, start) });
    out.push(h('span', { className: ['em-latin'] }, run));
    last = start + run.length;
  }
  if (last < text.value.length) out.push({ type: 'text', value: text.value.slice(last) });
  return out;
}

export default function rehypeEmphasisRuns() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'em') return;
      const hasCjk = /[^\x00-\u024f]/.test(toString(node));
      if (!hasCjk) {
        node.properties.className = ['em-latin']; // an all-Latin emphasis is italic as a whole
        return;
      }
      visit(node, 'text', (text: Text, index, parent) => {
        if (!parent || index === undefined || !/[A-Za-z0-9]/.test(text.value)) return;
        const parts = split(text);
        (parent.children as ElementContent[]).splice(index, 1, ...parts);
        return index + parts.length;
      });
    });
  };
}

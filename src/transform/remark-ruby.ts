/**
 * Ruby in Vivliostyle VFM's syntax, so existing manuscripts port: `{漢字|かんじ}` is one group
 * annotation; `{漢字|かん|じ}` annotates character by character when the parts match the base's
 * characters. Output is `<ruby>` with `<rp>` fallbacks for readers without ruby support.
 * (No maintained remark plugin reads this syntax; hand-written, text nodes only, never code.)
 */
import type { ElementContent } from 'hast';
import type { PhrasingContent, Root, Text } from 'mdast';
import { SKIP, visit } from '../tree-visit.js';

const pattern = /\{([^{}|\n]+)((?:\|[^{}|\n]*)+)\}/g;

function annotation(text: string): ElementContent[] {
  return [
    { type: 'element', tagName: 'rp', properties: {}, children: [{ type: 'text', value: '（' }] },
    { type: 'element', tagName: 'rt', properties: {}, children: [{ type: 'text', value: text }] },
    { type: 'element', tagName: 'rp', properties: {}, children: [{ type: 'text', value: '）' }] },
  ];
}

function rubyNode(base: string, parts: string[]): PhrasingContent {
  const chars = [...base];
  const children: ElementContent[] =
    parts.length > 1 && parts.length === chars.length
      ? chars.flatMap((char, i) => [{ type: 'text', value: char } as ElementContent, ...annotation(parts[i] ?? '')])
      : [{ type: 'text', value: base }, ...annotation(parts.join(''))];
  // A custom mdast node; remark-rehype turns it into the element given in `data`.
  return { type: 'ruby', data: { hName: 'ruby', hChildren: children } } as unknown as PhrasingContent;
}

export default function remarkRuby() {
  return (tree: Root) => {
    visit(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes('{')) return;
      const replacement: PhrasingContent[] = [];
      let last = 0;
      for (const match of node.value.matchAll(pattern)) {
        const start = match.index ?? 0;
        if (start > last) replacement.push({ type: 'text', value: node.value.slice(last, start) });
        replacement.push(rubyNode(match[1] ?? '', (match[2] ?? '').slice(1).split('|')));
        last = start + match[0].length;
      }
      if (!replacement.length) return;
      if (last < node.value.length) replacement.push({ type: 'text', value: node.value.slice(last) });
      parent.children.splice(index, 1, ...replacement);
      return [SKIP, index + replacement.length];
    });
  };
}

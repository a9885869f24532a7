/**
 * Drops a soft line break between two East Asian wide characters (pandoc's
 * `east_asian_line_breaks`), also where the break sits at an inline boundary
 * (`**强调**\n之后`, a link, a note call), so a manuscript hard-wrapped inside a Chinese
 * sentence does not show a space there. Between Latin words the break stays a space.
 * CJK quotes and dashes (ambiguous width) count as wide next to a wide character.
 * Code is never changed. (No maintained remark plugin does this; hand-written.)
 */
import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import { visit } from '../tree-visit.js';
import { isCjkPunctuationAmbiguous, isWide, refusesSpaceAfter, refusesSpaceBefore } from './cjk.js';

type Leaf = { node: Text; editable: true } | { text: string; editable: false } | { transparent: true };

const phrasingParents = new Set(['paragraph', 'heading', 'tableCell']);

function leaves(parent: Parent, into: Leaf[] = []): Leaf[] {
  for (const child of parent.children as PhrasingContent[]) {
    if (child.type === 'text') into.push({ node: child, editable: true });
    else if (child.type === 'inlineCode') into.push({ text: child.value, editable: false });
    else if (child.type === 'footnoteReference') into.push({ transparent: true });
    else if (child.type === 'break' || child.type === 'image' || child.type === 'html') into.push({ text: '\u0000', editable: false });
    else if ('children' in child) leaves(child as Parent, into);
  }
  return into;
}

function textOf(leaf: Leaf | undefined): string | undefined {
  if (!leaf || 'transparent' in leaf) return undefined;
  return leaf.editable ? leaf.node.value : leaf.text;
}

/** The nearest character before (`step` -1) or after (+1) leaf `i` at `offset`, skipping note calls. */
function neighbour(list: Leaf[], i: number, offset: number, step: -1 | 1): string | undefined {
  let text = textOf(list[i]) ?? '';
  let at = offset;
  for (;;) {
    at += step;
    while (at >= 0 && at < text.length && /[ \t]/.test(text[at] ?? '')) at += step;
    if (at >= 0 && at < text.length) {
      const char = text[at];
      // a surrogate pair: return the whole code point
      if (step === -1 && char && /[\udc00-\udfff]/.test(char)) return text.slice(at - 1, at + 1);
      if (step === 1 && char && /[\ud800-\udbff]/.test(char)) return text.slice(at, at + 2);
      return char;
    }
    i += step;
    if (i < 0 || i >= list.length) return undefined;
    const leaf = list[i];
    if (leaf && 'transparent' in leaf) {
      text = '';
      at = step === 1 ? -1 : 0;
      continue;
    }
    text = textOf(leaf) ?? '';
    at = step === 1 ? -1 : text.length;
  }
}

function joins(before: string | undefined, after: string | undefined): boolean {
  return (
    (isWide(before) && isWide(after)) ||
    (isWide(before) && isCjkPunctuationAmbiguous(after)) ||
    (isCjkPunctuationAmbiguous(before) && isWide(after)) ||
    // beside a full-width mark's own blank: `读者是，⏎GNU`
    refusesSpaceAfter(before) ||
    refusesSpaceBefore(after)
  );
}

export default function remarkCjkLineBreaks() {
  return (tree: Root) => {
    visit(tree, (node) => {
      if (!phrasingParents.has(node.type)) return;
      const list = leaves(node as Parent);
      list.forEach((leaf, i) => {
        if (!('editable' in leaf) || !leaf.editable || !leaf.node.value.includes('\n')) return;
        const value = leaf.node.value;
        let result = '';
        for (let at = 0; at < value.length; at++) {
          const char = value[at];
          if (char !== '\n') {
            result += char;
            continue;
          }
          if (joins(neighbour(list, i, at, -1), neighbour(list, i, at, 1))) {
            result = result.replace(/[ \t]+$/, '');
            while (value[at + 1] === ' ' || value[at + 1] === '\t') at += 1;
          } else {
            result += char;
          }
        }
        leaf.node.value = result;
      });
    });
  };
}

/**
 * Code blocks keep their columns with CJK in them. A monospace face draws Latin in cells of its
 * own width (Noto Sans Mono: 0.6 em) and has no CJK: an ideograph comes from the text's face, one
 * em wide — neither one cell nor two, so `apt-cache policy 软件包  ->` and `apt-get update  ->`
 * no longer line up (the Debian FAQ p. 81). Terminals and code editors give a wide character
 * (UAX #11 Wide or Fullwidth) two cells: each run of them is wrapped in `span.wide-cell`, which
 * typography.css spaces to two cells of the code's face (`letter-spacing: calc(2ch - 1em)`). In
 * inline code the same runs are set at the text's size, not the code's 0.9 em: 「進入到 普通
 * 模式」 read as a mistake (the Debian Reference zh-TW pp. 63–64).
 * Hand-written: no package marks East Asian Width in hast.
 */
import type { Element, ElementContent, Root } from 'hast';
import { eastAsianWidthType } from 'get-east-asian-width';
import { SKIP, visit } from '../tree-visit.js';
import { h } from 'hastscript';

const isWide = (char: string): boolean => {
  const type = eastAsianWidthType(char.codePointAt(0) ?? 0);
  return type === 'wide' || type === 'fullwidth';
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The text cut into runs of wide characters and the rest, by grapheme: a variation selector or
 *  an emoji's joiner stays with the character it modifies. */
function cells(value: string): ElementContent[] {
  const runs: Array<{ wide: boolean; text: string }> = [];
  for (const { segment: char } of graphemes.segment(value)) {
    const wide = isWide(char);
    const last = runs.at(-1);
    if (last?.wide === wide) last.text += char;
    else runs.push({ wide, text: char });
  }
  return runs.map(({ wide, text }): ElementContent =>
    wide ? h('span', { className: ['wide-cell'] }, text) : { type: 'text', value: text },
  );
}

function wrapWide(node: Element): void {
  node.children = node.children.flatMap((child) => {
    if (child.type === 'element') wrapWide(child);
    return child.type === 'text' && [...child.value].some(isWide) ? cells(child.value) : [child];
  });
}

export default function rehypeCodeCells() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'pre' && node.tagName !== 'code') return undefined;
      wrapWide(node);
      return SKIP;
    });
  };
}

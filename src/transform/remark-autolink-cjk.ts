/**
 * GFM autolink literals run to the next space, so in `见 http://www.debian.org。你可以` remark-gfm
 * (like pandoc) links `http://www.debian.org。你可以`. A URL never contains a wide character
 * unencoded in running text, so the link ends before the first one and the rest is text again.
 * Only links whose text is their own URL (literals) are touched. (Hand-written: remark-gfm has
 * no option for this.)
 */
import type { Link, Root, Text } from 'mdast';
import { SKIP, visit } from '../tree-visit.js';
import { isWide } from './cjk.js';

function literalText(link: Link): string | undefined {
  const [only] = link.children;
  if (link.children.length !== 1 || only?.type !== 'text') return undefined;
  const text = only.value;
  const matches = link.url === text || link.url === `http://${text}` || link.url === `mailto:${text}`;
  return matches ? text : undefined;
}

export default function remarkAutolinkCjk() {
  return (tree: Root) => {
    visit(tree, 'link', (link: Link, index, parent) => {
      const text = literalText(link);
      if (text === undefined || !parent || index === undefined) return;
      const chars = [...text];
      const cut = chars.findIndex((char) => isWide(char));
      if (cut <= 0) return;
      const kept = chars.slice(0, cut).join('');
      const rest = chars.slice(cut).join('');
      link.url = link.url.slice(0, link.url.length - text.length) + kept;
      (link.children[0] as Text).value = kept;
      const after: Text = { type: 'text', value: rest };
      const next = parent.children[index + 1];
      if (next?.type === 'text') next.value = rest + next.value;
      else parent.children.splice(index + 1, 0, after);
      return [SKIP, index + 2];
    });
  };
}

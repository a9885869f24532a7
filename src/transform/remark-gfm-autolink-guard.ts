/**
 * remark-gfm links bare URLs and e-mail addresses with a pass over every text node
 * (mdast-util-gfm-autolink-literal, through mdast-util-find-and-replace and
 * unist-util-visit-parents): ~200 ms on the 300,000-character benchmark book, which has no such
 * text. Every one of its patterns needs `http://`, `https://`, `www.` or `@` in a text node, so a
 * chapter without any of them skips that pass; with one, the pass runs as remark-gfm has it.
 * Use right after remark-gfm: this wraps the transform remark-gfm registered.
 */
import type { Root, Text } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import type {} from 'remark-parse';
import type { Processor } from 'unified';
import { EXIT, visit } from '../tree-visit.js';

const maybeLiteral = /https?:\/\/|www\.|@/i;

type Transform = (tree: Root) => Root | undefined | void;

function hasCandidate(tree: Root): boolean {
  let found = false;
  visit(tree, 'text', (node: Text) => {
    if (!maybeLiteral.test(node.value)) return undefined;
    found = true;
    return EXIT;
  });
  return found;
}

export default function remarkGfmAutolinkGuard(this: Processor): void {
  const [literals] = (gfmAutolinkLiteralFromMarkdown().transforms ?? []) as Transform[];
  const guarded: Transform = (tree) => (hasCandidate(tree) ? literals?.(tree) : undefined);
  const wrap = (extensions: unknown): void => {
    if (Array.isArray(extensions)) return extensions.forEach(wrap);
    const transforms = (extensions as { transforms?: Transform[] } | undefined)?.transforms;
    transforms?.forEach((transform, i) => {
      if (transform === literals) transforms[i] = guarded;
    });
  };
  // (Were remark-gfm to use another copy of the package, nothing would match: slower, not wrong.)
  wrap(this.data('fromMarkdownExtensions'));
}

/**
 * src/tree-visit.ts replaces unist-util-visit for speed; it must walk exactly as that does.
 * Each case runs the same visitor under both, on copies of one Markdown tree, and compares the
 * visits (type, index, parent type) and the tree left behind.
 */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import * as unist from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import * as ours from '../src/tree-visit.js';

const markdown = `# 标题 *强调*

第一段，**粗体** 与 [链接](https://example.com) 和 \`code\`。[^1]

- 列表 *一*
- 列表 **二**

| a | b |
|---|---|
| *x* | y |

[^1]: 注释 *内容*。
`;

type Lib = typeof unist;
type Case = (lib: Lib, log: string[]) => (tree: Root) => void;

const cases: Record<string, Case> = {
  'every node': (lib, log) => (tree) => lib.visit(tree, (node, index, parent) => void log.push(`${node.type}@${index}<${parent?.type}`)),
  'a type test': (lib, log) => (tree) => lib.visit(tree, 'text', (node, index) => void log.push(`${node.value}@${index}`)),
  'SKIP': (lib, log) => (tree) =>
    lib.visit(tree, (node) => {
      log.push(node.type);
      return node.type === 'emphasis' || node.type === 'table' ? lib.SKIP : undefined;
    }),
  'EXIT': (lib, log) => (tree) =>
    lib.visit(tree, (node) => {
      log.push(node.type);
      return node.type === 'link' ? lib.EXIT : lib.CONTINUE;
    }),
  'splicing with [SKIP, index]': (lib, log) => (tree) =>
    lib.visit(tree, (node, index, parent) => {
      log.push(`${node.type}@${index}`);
      if (node.type !== 'strong' || !parent || index === undefined) return;
      parent.children.splice(index, 1, { type: 'text', value: '«' }, ...node.children, { type: 'text', value: '»' });
      return [lib.SKIP, index + node.children.length + 2];
    }),
  'removing and revisiting by index': (lib, log) => (tree) =>
    lib.visit(tree, (node, index, parent) => {
      log.push(`${node.type}@${index}`);
      if (node.type !== 'inlineCode' || !parent || index === undefined) return;
      parent.children.splice(index, 1);
      return index;
    }),
};

describe('tree-visit walks as unist-util-visit does', () => {
  const parsed = unified().use(remarkParse).use(remarkGfm).runSync(unified().use(remarkParse).use(remarkGfm).parse(markdown)) as Root;
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      const results = [unist, ours as unknown as Lib].map((lib) => {
        const tree = structuredClone(parsed);
        const log: string[] = [];
        make(lib, log)(tree);
        return { log, tree };
      });
      expect(results[0]?.log.length).toBeGreaterThan(0);
      expect(results[1]).toEqual(results[0]);
    });
  }

  it('refuses tests it does not implement', () => {
    expect(() => ours.visit(parsed, { type: 'text' } as never, () => {})).toThrow(/only a node type/);
  });
});

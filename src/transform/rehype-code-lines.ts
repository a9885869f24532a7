/**
 * Each source line of a code block is a block of its own, `span.line`, so that a line too long
 * for the measure wraps into lines that hang two cells in from *its own* indentation: hung from
 * the block's edge, the rest of an indented line printed left of the line's own start, under
 * the statement around it (`then` under a body indented eight columns, Debian Edu p. 137;
 * grub.cfg's `root=UUID=…`, the Debian Reference zh-TW p. 102). typography.css hangs a line two
 * cells (`text-indent: 2ch hanging`: no padding, so a tab still reaches the block's tab stops);
 * an indented line gets its own, from its leading spaces (a tab to the next multiple of eight,
 * as `tab-size` sets it). Highlighting
 * spans that run over a newline are cut there, a copy in each line. The newline stays, at the
 * end of its line: copied text keeps its lines, and a block's last newline makes no line.
 * Hand-written: rehype-highlight-code-lines wraps lines too, but only for its line-number and
 * highlight directives, and it drops a block's outer blank lines.
 */
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { h } from 'hastscript';
import { SKIP, visit } from '../tree-visit.js';

type Line = ElementContent[];

/** The nodes cut at their newlines: one list per line, each line but the last ending in "\n". */
function splitLines(children: ElementContent[]): Line[] {
  const lines: Line[] = [[]];
  const current = () => lines[lines.length - 1] as Line;
  for (const child of children) {
    if (child.type === 'text') {
      child.value.split('\n').forEach((part, index) => {
        if (index > 0) {
          current().push({ type: 'text', value: '\n' });
          lines.push([]);
        }
        if (part) current().push({ type: 'text', value: part });
      });
    } else if (child.type === 'element') {
      splitLines(child.children).forEach((line, index) => {
        if (index > 0) lines.push([]);
        if (line.length) current().push({ ...child, properties: { ...child.properties }, children: line });
      });
    } else {
      current().push(child);
    }
  }
  return lines;
}

/** Columns of the line's leading spaces and tabs (at most 40: a deeper line hangs from there). */
function indentation(line: Line): number {
  let columns = 0;
  for (const char of /^[ \t]*/u.exec(toString({ type: 'root', children: line }))?.[0] ?? '') columns = char === '\t' ? columns + 8 - (columns % 8) : columns + 1;
  return Math.min(columns, 40);
}

function asLines(code: Element): void {
  const lines = splitLines(code.children);
  if (lines.length > 1 && !lines[lines.length - 1]?.length) lines.pop();
  code.children = lines.map((line) => {
    const hang = indentation(line) + 2;
    return h('span', { className: ['line'], style: hang > 2 ? `text-indent: ${hang}ch hanging` : undefined }, line);
  });
}

export default function rehypeCodeLines() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'pre') return undefined;
      const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
      if (code) asLines(code);
      return SKIP;
    });
  };
}

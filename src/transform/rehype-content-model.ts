/**
 * Repairs what raw HTML can do to XHTML's content model, so every content document is valid:
 * a block inside a paragraph or heading splits it; a block inside an inline element unwraps that
 * element; list items, table parts, captions and ruby text out of their context become neutral
 * containers; an empty ruby goes. HTML parsers accept all of these; EPUB validators do not.
 * (Hand-written: no maintained unified plugin repairs content models; the rules are the HTML
 * standard's, for the elements the sanitizer lets through.)
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toString } from 'hast-util-to-string';

const flow = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'dialog', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
  'table', 'ul', 'li', 'dd', 'dt', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'caption', 'colgroup', 'col', 'summary',
]);

/** Elements that may hold phrasing content only; a block in the first group splits them. */
const splitting = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'summary', 'dt']);
const inline = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'ins', 'kbd', 'label', 'mark', 'q', 'rp', 'rt', 'ruby',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var',
]);

/** Where each context-bound element may stand; elsewhere it becomes `div` (or `span`). */
const context: Record<string, string[]> = {
  li: ['ul', 'ol', 'menu'],
  dt: ['dl', 'div'],
  dd: ['dl', 'div'],
  tr: ['table', 'thead', 'tbody', 'tfoot'],
  td: ['tr'],
  th: ['tr'],
  thead: ['table'],
  tbody: ['table'],
  tfoot: ['table'],
  caption: ['table'],
  colgroup: ['table'],
  col: ['colgroup'],
  figcaption: ['figure'],
  summary: ['details'],
  rt: ['ruby'],
  rp: ['ruby'],
};

const isElement = (node: RootContent | ElementContent): node is Element => node.type === 'element';
const isFlow = (node: RootContent | ElementContent) => isElement(node) && flow.has(node.tagName);
const isBlank = (nodes: ElementContent[]) => nodes.every((n) => n.type === 'comment' || (n.type === 'text' && !n.value.trim()));

function repairChildren(parent: Root | Element): void {
  const children = parent.children as ElementContent[];
  const result: ElementContent[] = [];
  const parentTag = parent.type === 'element' ? parent.tagName : 'body';
  for (const child of children) {
    if (!isElement(child)) {
      result.push(child);
      continue;
    }
    const allowed = context[child.tagName];
    if (allowed && !allowed.includes(parentTag)) child.tagName = inline.has(child.tagName) ? 'span' : 'div';
    if (child.tagName === 'a' && parentTag === 'a') {
      repairChildren(child);
      result.push(...child.children);
      continue;
    }
    // lang must be a language tag (BCP 47), or the document is invalid
    if (typeof child.properties.lang === 'string' && !/^([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?$/.test(child.properties.lang)) {
      delete child.properties.lang;
    }
    repairChildren(child);
    result.push(...repairElement(child));
  }
  parent.children = result as typeof parent.children;
}

/** Containers whose children must be of certain kinds; anything else is wrapped in the first. */
const containers: Record<string, string[]> = {
  ul: ['li'],
  ol: ['li'],
  menu: ['li'],
  dl: ['dd', 'dt', 'div'],
  tr: ['td', 'th'],
  thead: ['tr'],
  tbody: ['tr'],
  tfoot: ['tr'],
  table: ['tbody', 'caption', 'colgroup', 'thead', 'tfoot', 'tr'],
};

function wrapStrays(node: Element): void {
  const kinds = containers[node.tagName];
  if (!kinds) return;
  const wrapper = kinds[0] as string;
  const children: ElementContent[] = [];
  for (const child of node.children) {
    const fits = isElement(child) ? kinds.includes(child.tagName) : child.type === 'comment' || (child.type === 'text' && !child.value.trim());
    if (fits) children.push(child);
    else {
      const last = children[children.length - 1];
      // consecutive strays share one wrapper
      if (last && isElement(last) && last.tagName === wrapper && last.data && 'inkstoneWrapper' in last.data) last.children.push(child);
      else children.push({ type: 'element', tagName: wrapper, properties: {}, children: [child], data: { inkstoneWrapper: true } as Element['data'] });
    }
  }
  // a table row or table body must itself hold cells or rows: wrap again one level down
  node.children = children;
  for (const child of children) if (isElement(child) && child.data && 'inkstoneWrapper' in child.data) wrapStrays(child);
}

/** The element itself, or what replaces it once its children are valid. */
function repairElement(node: Element): ElementContent[] {
  if (node.tagName === 'ruby') {
    const hasBase = node.children.some((c) => (c.type === 'text' ? c.value.trim() : isElement(c) && !['rt', 'rp'].includes(c.tagName) && toString(c).trim()));
    const hasText = node.children.some((c) => isElement(c) && c.tagName === 'rt');
    if (!hasBase) return [];
    // ruby without annotation is just its base
    if (!hasText) return node.children.filter((c) => !(isElement(c) && c.tagName === 'rp'));
    // text after the last annotation (an unclosed ruby took in what follows) has no annotation
    // of its own: it follows the ruby
    const last = node.children.findLastIndex((c) => isElement(c) && (c.tagName === 'rt' || c.tagName === 'rp'));
    const after = node.children.slice(last + 1);
    if (!isBlank(after)) {
      node.children = node.children.slice(0, last + 1);
      return [...repairElement(node), ...after];
    }
  }
  wrapStrays(node);
  if (!node.children.some(isFlow)) return [node];
  if (inline.has(node.tagName)) return node.children; // an inline element around blocks: keep the blocks
  if (!splitting.has(node.tagName)) return [node];
  // A paragraph (or heading) around blocks: the blocks stand between the pieces of it.
  const pieces: ElementContent[] = [];
  let run: ElementContent[] = [];
  let first = true;
  const flush = () => {
    if (!isBlank(run)) {
      const properties = first ? node.properties : { ...node.properties, id: undefined };
      pieces.push({ type: 'element', tagName: node.tagName, properties, children: run, position: node.position });
      first = false;
    }
    run = [];
  };
  for (const child of node.children) {
    if (isFlow(child)) {
      flush();
      pieces.push(child);
    } else run.push(child);
  }
  flush();
  return pieces;
}

export default function rehypeContentModel() {
  return (tree: Root) => {
    // Twice: a split can bring a block next to a context-bound element it had hidden.
    repairChildren(tree);
    repairChildren(tree);
  };
}

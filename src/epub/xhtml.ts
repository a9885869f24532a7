/**
 * hast → XHTML for EPUB content documents. Goes through xast so the output is well-formed XML
 * by construction; CJK stays as UTF-8 characters (only `<`, `&` and quotes are escaped).
 */
import type { ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import type { Root as XastRoot, Element as XastElement } from 'xast';
import { toXml } from 'xast-util-to-xml';

const voidElements = /<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)((?:\s[^<>]*)?)><\/\1>/g;

export function toXhtml(nodes: Root | ElementContent[]): string {
  const root: Root = Array.isArray(nodes) ? { type: 'root', children: nodes } : nodes;
  const xast = toXast(root) as XastRoot;
  // The content document's <html> declares the XHTML namespace once; drop the copies toXast adds.
  for (const child of xast.children) {
    if (child.type === 'element') delete (child as XastElement).attributes['xmlns'];
  }
  return toXml(xast).replace(voidElements, '<$1$2/>');
}

/**
 * hast → XHTML for EPUB content documents. Goes through xast so the output is well-formed XML
 * by construction; CJK stays as UTF-8 characters (only `<`, `&`, quotes and the `>` of `]]>` are
 * escaped).
 */
import type { ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import type { Root as XastRoot, Element as XastElement } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { htmlVoidElements } from 'html-void-elements';

/**
 * An empty void element as serialized (`<br></br>`), to be closed as `<br/>`. Only void elements:
 * xast-util-to-xml's closeEmptyElements would close every empty element (`<td/>`, `<a id="…"/>`),
 * which readers that parse XHTML as HTML take for an opening tag.
 */
const voidElements = new RegExp(`<(${htmlVoidElements.join('|')})((?:\\s[^<>]*)?)></\\1>`, 'g');

export function toXhtml(nodes: Root | ElementContent[]): string {
  const root: Root = Array.isArray(nodes) ? { type: 'root', children: nodes } : nodes;
  const xast = toXast(root) as XastRoot;
  // The content document's <html> declares the XHTML namespace once; drop the copies toXast adds.
  for (const child of xast.children) {
    if (child.type === 'element') delete (child as XastElement).attributes['xmlns'];
  }
  // “]]>” may not stand in XML text (a fuzzed heading had “[^x]]>”); xast-util-to-xml escapes only
  // `<` and `&` there
  return toXml(xast).replace(voidElements, '<$1$2/>').replace(/]]>/g, ']]&gt;');
}

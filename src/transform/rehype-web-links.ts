/**
 * A web link whose host is not a host name — `https://example.com)“` or a footnote text taken
 * for a link definition — is no link: readers cannot open it, and EPUBCheck warns (RSC-023).
 * Such a link is reported and its text kept as plain text. The URL is parsed by WHATWG URL
 * (Node's); the host must then be letters, digits, dots and hyphens (IDN hosts come out as
 * punycode), or an IP address.
 */
import { rules } from '../diagnostics/rules.js';
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from '../tree-visit.js';
import type { VFile } from 'vfile';

const web = /^(https?|ftp):\/\//i;

function validHost(href: string): boolean {
  try {
    const { hostname } = new URL(href);
    return /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/i.test(hostname) || /^\[[0-9a-f:.]+\]$/i.test(hostname);
  } catch {
    return false;
  }
}

export default function rehypeWebLinks() {
  return (tree: Root, file: VFile) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      const href = node.properties.href;
      if (node.tagName !== 'a' || typeof href !== 'string' || !web.test(href) || validHost(href) || !parent || index === undefined) return undefined;
      file.message(`link to “${href}” dropped: its host is not a host name (the text stays)`, {
        place: node.position,
        ruleId: rules.linkInvalid,
        source: 'inkstone',
      });
      parent.children.splice(index, 1, ...(node.children as ElementContent[]));
      return [SKIP, index];
    });
  };
}

/**
 * Characters XML 1.0 forbids (C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone
 * surrogates) cannot stand in an EPUB content document: they are removed, once reported.
 */
import { rules } from '../diagnostics/rules.js';
import type { Element, Root, Text } from 'hast';
import { visit } from '../tree-visit.js';
import type { VFile } from 'vfile';

// eslint-disable-next-line no-control-regex
export const xmlInvalid = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function stripXmlInvalid(text: string): string {
  return text.replace(xmlInvalid, '');
}

export default function rehypeXmlCharacters() {
  return (tree: Root, file: VFile) => {
    let reported = false;
    const clean = (value: string, place: Text['position']) => {
      if (!xmlInvalid.test(value)) return value;
      xmlInvalid.lastIndex = 0;
      if (!reported) {
        const code = value.match(xmlInvalid)?.[0]?.codePointAt(0) ?? 0;
        file.message(`control character U+${code.toString(16).toUpperCase().padStart(4, '0')} removed: it cannot appear in a book`, {
          place,
          ruleId: rules.characterInvalid,
          source: 'inkstone',
        });
        reported = true;
      }
      xmlInvalid.lastIndex = 0;
      return stripXmlInvalid(value);
    };
    visit(tree, (node) => {
      if (node.type === 'text' || node.type === 'comment') (node as Text).value = clean((node as Text).value, node.position);
      else if (node.type === 'element') {
        const element = node as Element;
        for (const [key, value] of Object.entries(element.properties)) {
          if (typeof value === 'string') element.properties[key] = clean(value, node.position);
        }
      }
    });
  };
}

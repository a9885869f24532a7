/**
 * A Chinese heading (or a table's or figure's title) breaks between words, not inside one. Balanced (`text-wrap: balance`), a
 * heading broke anywhere between two ideographs: 「别」 / 「名」 (Debian Edu p. 9). BudouX, the
 * phrase segmenter Chromium uses for Japanese (`word-break: auto-phrase`, which has no Chinese),
 * finds the phrases with its Simplified or Traditional model; a `<wbr>` goes between two phrases
 * where an ideograph meets an ideograph, and the heading gets the class `phrased`: typography.css
 * sets it `word-break: keep-all`, so it breaks there, at spaces and after punctuation only (a
 * phrase longer than the line still breaks, `overflow-wrap: anywhere`). Japanese is left to Chromium; other languages have no need.
 */
import type { Element, ElementContent, Root } from 'hast';
import { Parser, zhHansModel, zhHantModel } from 'budoux';
import { addClass } from '../hast-class.js';
import { SKIP, visit } from '../tree-visit.js';

/** Headings, and the titles of tables and figures (balanced too: typography.css). */
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'caption', 'figcaption']);
const han = /\p{Script=Han}/u;

function parserFor(lang: string | undefined): Parser | undefined {
  if (!lang || !/^zh\b/i.test(lang)) return undefined;
  return new Parser(/hant|tw|hk|mo/i.test(lang) ? zhHantModel : zhHansModel);
}

/** The heading's text nodes (not in code, a ruby's reading, SVG or MathML) cut into phrases. */
function phrase(heading: Element, parser: Parser): boolean {
  let changed = false;
  visit(heading, 'element', (node: Element) => {
    if (node.tagName === 'code' || node.tagName === 'rt' || node.tagName === 'rp' || node.tagName === 'svg' || node.tagName === 'math') return SKIP;
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (child.type !== 'text' || !han.test(child.value)) return [child];
      // Runs of phrases between two ideographs' boundaries, each one text: only there a <wbr>
      // (“ld: cannot” cut before its colon broke the line there), and BudouX cuts by UTF-16
      // unit, so a character beyond the BMP (𠮷) may straddle two of its phrases.
      const runs = [''];
      for (const phrase of parser.parse(child.value)) {
        if (/\p{Script=Han}$/u.test(runs[runs.length - 1] ?? '') && /^\p{Script=Han}/u.test(phrase)) runs.push(phrase);
        else runs[runs.length - 1] += phrase;
      }
      if (runs.length < 2) return [child];
      changed = true;
      return runs.flatMap((text, index): ElementContent[] => [...(index ? [{ type: 'element', tagName: 'wbr', properties: {}, children: [] } as Element] : []), { type: 'text', value: text }]);
    });
    return undefined;
  });
  return changed;
}

export default function rehypeHeadingPhrases(options: { lang?: string | undefined } = {}) {
  const parser = parserFor(options.lang);
  return (tree: Root) => {
    if (!parser) return;
    visit(tree, 'element', (node: Element) => {
      if (!headings.has(node.tagName)) return undefined;
      if (phrase(node, parser)) addClass(node, 'phrased');
      return SKIP;
    });
  };
}

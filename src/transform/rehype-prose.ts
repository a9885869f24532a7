/**
 * Prose paragraphs — Chinese or Japanese text with no Latin word of five letters or more, no path, no code —
 * get the class `prose`, which breaks their last lines for an even end (`text-wrap: pretty`,
 * typography.css): no paragraph ends in a line of one character (孤字, the proof's
 * single-char-line; 126 in the 300,000-character book, whose note calls now keep the character
 * before them company). Not elsewhere: around an unbreakable word, a URL or code, Chromium's
 * pretty breaking leaves the lines before looser (Debian Edu: 33 → 41 line-stretched), and in
 * English it widens the word spaces.
 */
import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from '../tree-visit.js';

const wide = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Five or more characters in a row that are neither CJK (its marks and curly quotes included)
 *  nor space: a word, a number, a path, a URL. */
const longWord = /[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF\u2018-\u201F]{5,}/u;

function isProse(node: Element): boolean {
  const text = toString(node);
  if (!wide.test(text) || longWord.test(text)) return false;
  let code = false;
  visit(node, 'element', (child: Element) => void (code ||= child.tagName === 'code' || child.tagName === 'kbd'));
  return !code;
}

export default function rehypeProse() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p' || !isProse(node)) return;
      const own = node.properties.className;
      node.properties.className = [...(Array.isArray(own) ? own.map(String) : []), 'prose'];
    });
  };
}

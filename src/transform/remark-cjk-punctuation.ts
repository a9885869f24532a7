/**
 * Half-width punctuation inside Chinese text (`,` `:` `;` `?` `!` `.`) becomes full-width, with
 * autocorrect (its WebAssembly build, see autocorrect.ts) run on text nodes only — never on code, URLs or the Markdown
 * around them — and with its spacing rules off (spacing is CSS `text-autospace`, or the
 * autospace pass). Parentheses next to or around Chinese become （）and semicolons ；, which
 * autocorrect leaves as they are, and straight double quotes pair into “…” (pairedQuotes).
 * With `report`, every change is also a vfile message (`inkstone check` lists them).
 */
import { rules } from '../diagnostics/rules.js';
import type { Link, Root, Text } from 'mdast';
import type { Node } from 'unist';
import { format, loadConfig } from './autocorrect.js';
import { SKIP, visit } from '../tree-visit.js';
import type { VFile } from 'vfile';
import { isWide, refusesSpaceAfter, refusesSpaceBefore } from './cjk.js';

let configured = false;

function configure(): void {
  if (configured) return;
  loadConfig(
    JSON.stringify({
      rules: {
        fullwidth: 1,
        'space-word': 0,
        'space-punctuation': 0,
        'space-bracket': 0,
        'space-dash': 0,
        'space-backticks': 0,
        'space-dollar': 0,
        'no-space-fullwidth': 0,
        'halfwidth-word': 0,
        'halfwidth-punctuation': 0,
        spellcheck: 0,
      },
    }),
  );
  configured = true;
}

/** autocorrect's full-width rule on `text`, autocorrect loaded first. */
function autocorrected(text: string): string {
  configure();
  return format(text);
}

/** `;` after or before a wide character → `；` (autocorrect 2.16 leaves semicolons alone). */
function fullwidthSemicolons(text: string): string {
  return text.replace(/;/g, (match, offset: number) => {
    const [before, after] = neighbours(text, offset);
    return isWide(before) || isWide(after) ? '；' : match;
  });
}

/** The characters nearest before and after `text[index]`, spaces skipped (code points, not units). */
function neighbours(text: string, index: number): [string | undefined, string | undefined] {
  let i = index - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  let j = index + 1;
  while (j < text.length && /\s/.test(text[j]!)) j++;
  const before = i < 0 ? undefined : i > 0 && /[\udc00-\udfff]/.test(text[i]!) ? text.slice(i - 1, i + 1) : text[i];
  const after = j >= text.length ? undefined : String.fromCodePoint(text.codePointAt(j)!);
  return [before, after];
}

/** Whether a mark matched by `marks` has a wide character before or after it. */
function touchesWide(text: string, marks: RegExp): boolean {
  for (const match of text.matchAll(marks)) {
    const [before, after] = neighbours(text, match.index);
    if (isWide(before) || isWide(after)) return true;
  }
  return false;
}

/** `(…)` → `（…）` when a wide character touches it from outside or sits inside it; not the
 *  brackets of a call or a manual page, set close to their word with nothing wide or spaced
 *  inside (`modprobe.conf(5)的說明`, `printf()`): converted only where Chinese followed, the
 *  Debian Reference mixed （5） and (8), and a line broke between the name and its section. */
/** A character that ends a word of code or a name (`modprobe.conf`, `grub-install`). */
const wordEnd = /[A-Za-z0-9_.]$/;

function fullwidthParentheses(text: string, afterWord: boolean): string {
  return text.replace(/\(([^()\n]*)\)/g, (match, inner: string, offset: number) => {
    const before = [...text.slice(0, offset)].pop();
    const after = [...text.slice(offset + match.length)][0];
    const word = offset === 0 ? afterWord : wordEnd.test(before ?? '');
    if (word && /^[\x21-\x7e]*$/.test(inner)) return match;
    return isWide(before) || isWide(after) || [...inner].some(isWide) ? `（${inner}）` : match;
  });
}

const fullwidth: Record<string, string> = { ',': '，', ';': '；', ':': '：', '?': '？', '!': '！' };

/**
 * What autocorrect leaves: a half-width mark after a full-width bracket or quote (`）,`), one
 * with a space before it (`LLM ,效果`), a colon after Han before Latin (`为:Meta`). A mark
 * touching wide text becomes full-width and loses the spaces around it; a colon only after wide
 * text and not before a digit or `//` (times, URLs).
 */
function fullwidthMarks(text: string): string {
  return text.replace(/ *([,;:?!]) */g, (match: string, mark: string, offset: number) => {
    const at = offset + match.indexOf(mark);
    const [before, after] = neighbours(text, at);
    if (mark === ':') {
      if (!isWide(before) || /^:\/\//.test(text.slice(at)) || /\d/.test(after ?? '')) return match;
    } else if (!isWide(before) && !isWide(after)) return match;
    return fullwidth[mark] ?? match;
  });
}

/** No space beside a full-width mark on its blank's side: `读者是， GNU` → `读者是，GNU`,
 *  `Linux の 「入門」 を` → `Linux の「入門」を` (see cjk.ts); nor between Chinese and a curly
 *  quote, full-width in Chinese faces (`第 12.1 节 “Debian”` → `第 12.1 节“Debian”`; autocorrect
 *  did so only in texts it was run on, those with a half-width mark to convert). */
function tightMarks(text: string): string {
  return text
    .replace(/[ \t]+(\S)/gu, (match, next: string) => (refusesSpaceBefore(next) ? next : match))
    .replace(/(\S)[ \t]+/gu, (match, previous: string) => (refusesSpaceAfter(previous) ? previous : match))
    .replace(/(\S)[ \t]+([“‘])/gu, (match, previous: string, quote: string) => (isWide(previous) ? previous + breakBeside(previous) + quote : match))
    .replace(/([”’])[ \t]+(\S)/gu, (match, quote: string, next: string) => (isWide(next) ? quote + breakBeside(next) + next : match));
}

/** Where a space beside a curly quote goes, the line may still break (Chromium breaks neither
 *  before “ nor after ”, and “第7.2节，“BinaryDependencies”” left its line spread): a zero-width
 *  space, beside an ideograph or kana; beside a mark, whose own rules decide, nothing. */
const breakBeside = (wide: string): string => (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(wide) ? '\u200B' : '');

/** Chromium breaks neither before “ nor after ” where the quote's other side is not East Asian
 *  (UAX #14's rule for quotation marks): in “或者“force-reload”” the line could not break before
 *  the quote, and 或 went down with it, leaving the line spread. A zero-width space where an
 *  ideograph, kana or closing quote (“start”“restart”) meets an opening quote, or a closing
 *  quote meets an ideograph or kana, keeps the break. */
export function breakAtQuotes(text: string): string {
  return text.replace(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}”’])([“‘])/gu, '$1\u200B$2').replace(/([”’])([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu, '$1\u200B$2');
}

/** A space between two Han characters is a slip (Chinese does not separate words): dropped. */
function spaceBetweenHan(text: string): string {
  return text.replace(/([\p{Script=Han}]) +(?=[\p{Script=Han}])/gu, '$1');
}

/** :-) :) ;-) :-( :D :P :-/ :'( and the like, not followed by a letter or digit (“时间:Debian”). */
const emoticonSource = String.raw`[:;]'?-?[()DPp/](?![\p{L}\p{N}])`;
const emoticon = new RegExp(emoticonSource, 'u');
const emoticons = new RegExp(emoticonSource, 'gu');

/**
 * @param keepSpaces leave spaces between Han alone (headings: `第一章 引言` separates on purpose)
 */
export function normalizePunctuation(text: string, keepSpaces = false, afterWord = false): string {
  if (![...text].some(isWide)) return text;
  if (emoticon.test(text) && !/[\ue000-\uf8ff]/.test(text)) {
    // Emoticons are not punctuation (“隔壁男孩:-)” stays): set aside, each as one private-use
    // character, while the marks around them are made full-width.
    const found: string[] = [];
    const shielded = text.replace(emoticons, (match) => String.fromCharCode(0xe000 + found.push(match) - 1));
    return normalizePunctuation(shielded, keepSpaces, afterWord).replace(/[\ue000-\uf8ff]/g, (char) => found[char.charCodeAt(0) - 0xe000] ?? char);
  }
  const spaced = tightMarks(keepSpaces ? text : spaceBetweenHan(text));
  if (!/[,:;?!.()]/.test(spaced)) return spaced;
  // autocorrect changes only marks next to wide text; a clean manuscript never needs it (and
  // never pays its loading, 0.13 s, and its first call, 0.24 s).
  const formatted = touchesWide(spaced, /[,:?!.]/g) ? autocorrected(spaced) : spaced;
  return tightMarks(fullwidthMarks(fullwidthSemicolons(fullwidthParentheses(formatted, afterWord))));
}

function isUrlText(link: Link): boolean {
  const [only] = link.children;
  return link.children.length === 1 && only?.type === 'text' && link.url.endsWith(only.value);
}

/** A quote written escaped or as an entity (`\\"`, `&quot;`): meant as the mark it is. */
const escapedQuote = /\\"|&(?:quot|#34|#x22);/i;

/** The manuscript's text of `node` (empty when unknown). */
export const sourceOf = (node: Text, source: string): string => source.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);

/**
 * Straight double quotes in a block of Chinese text (`代号 "Squeeze"`, `或"變為不活動中"`), paired
 * in order into “…” across the block's texts (a quote may close after inline code). autocorrect
 * leaves them, and pairing by the character before each quote, as smartypants does, reads a
 * quote after an ideograph as closing. Left as written: a block without Chinese, an odd count
 * (a quote left open), one opening after a digit (inch marks, `15" 和 17"`), one written escaped
 * or as an entity, and a block with raw HTML (its `<code>"a"</code>`). A table's cell is Chinese
 * when its table is. `source` is the file's text. Returns each changed text node's new value
 * (the same length).
 */
export function pairedQuotes(tree: Root, source: string): Map<Text, string> {
  const paired = new Map<Text, string>();
  visit(tree, (block) => {
    if (block.type === 'table') {
      // (a table's cells are Chinese when the table is: a cell of one quoted command, “"ls -l"”)
      const wide = proseTexts(block).some((text) => [...text.value].some(isWide));
      visit(block, 'tableCell', (cell: Node) => void pairIn(cell, wide, source, paired));
    } else if (block.type === 'paragraph' || block.type === 'heading') pairIn(block, undefined, source, paired);
    else return undefined;
    return SKIP;
  });
  return paired;
}

/** The text nodes of `block` that are prose (not a link's own URL), in order. */
function proseTexts(block: Node): Text[] {
  const texts: Text[] = [];
  visit(block, 'text', (text: Text, _index, parent: Node | undefined) => void (parent?.type === 'link' && isUrlText(parent as Link) ? undefined : texts.push(text)));
  return texts;
}

/** Pairs the quotes of one block (see pairedQuotes); `wide`: whether it is Chinese text
 *  (by default, whether it has a wide character). */
function pairIn(block: Node, wide: boolean | undefined, source: string, paired: Map<Text, string>): void {
  let raw = false;
  visit(block, 'html', () => void (raw = true));
  const texts = proseTexts(block);
  const quoted = texts.filter((text) => text.value.includes('"'));
  const all = texts.map((text) => text.value).join('');
  const opening = [...all.matchAll(/"/g)].filter((_, i) => i % 2 === 0);
  if (raw || opening.length < 1 || (all.split('"').length - 1) % 2 || !(wide ?? [...all].some(isWide))) return;
  if (opening.some((quote) => /\d/.test(all[quote.index - 1] ?? '')) || quoted.some((text) => escapedQuote.test(sourceOf(text, source)))) return;
  let n = 0;
  for (const text of quoted) paired.set(text, text.value.replace(/"/g, () => (n++ % 2 ? '”' : '“')));
}

/** Whether the node at `index` of `parent` follows inline code ending in a word (`grub-install`(8)):
 *  its text's brackets may be a manual page's section. */
export function afterCodeWord(parent: Node | undefined, index: number | undefined): boolean {
  const previous = index && parent && 'children' in parent ? (parent.children as Node[])[index - 1] : undefined;
  return previous?.type === 'inlineCode' && wordEnd.test((previous as { value?: string }).value ?? '');
}

export interface PunctuationOptions {
  /** Report each change as a message (for `inkstone check`). */
  report?: boolean;
}

export default function remarkCjkPunctuation(options: PunctuationOptions = {}) {
  return (tree: Root, file: VFile) => {
    const quoted = pairedQuotes(tree, String(file.value ?? ''));
    visit(tree, (node, index, parent) => {
      if (node.type === 'heading') {
        visit(node, 'text', (text: Text) => void (text.value = normalizePunctuation(quoted.get(text) ?? text.value, true)));
        return SKIP;
      }
      if (node.type !== 'text') return undefined;
      if (parent?.type === 'link' && isUrlText(parent)) return undefined;
      const fixed = normalizePunctuation(quoted.get(node) ?? node.value, false, afterCodeWord(parent, index));
      if (options.report && fixed !== node.value) reportChanges(file, node, fixed);
      // (not a change to the manuscript: a break for the layout, after the report)
      node.value = breakAtQuotes(fixed);
      return undefined;
    });
  };
}

/** Where a dropped space was: beside which mark, or between Han. */
function spaceBeside(previous: string | undefined, next: string | undefined): string {
  if (refusesSpaceBefore(next) || next === '“' || next === '‘') return `before “${next}”`;
  if (refusesSpaceAfter(previous) || previous === '”' || previous === '’') return `after “${previous}”`;
  return 'between Chinese characters';
}

/** One message per changed mark or dropped space, at its place (the normal form only replaces
 *  marks and drops spaces, so the two texts align character by character). */
function reportChanges(file: VFile, node: Text, fixed: string): void {
  const before = [...node.value];
  const after = [...fixed];
  if (!node.position) return;
  let line = node.position.start.line;
  let column = node.position.start.column;
  const say = (reason: string) => file.message(reason, { place: { line, column }, ruleId: rules.punctuationHalfwidth, source: 'inkstone' });
  let j = 0;
  for (const char of before) {
    if (char === after[j]) j += 1;
    else if (/\s/.test(char) && after[j] === '\u200B') {
      // (beside a curly quote the space gives way to a zero-width one: breakBeside)
      say(`space ${spaceBeside(after[j - 1], after[j + 1])} in Chinese text: remove it`);
      j += 1;
    } else if (/\s/.test(char)) say(`space ${spaceBeside(after[j - 1], after[j])} in Chinese text: remove it`);
    else {
      say(char === '"' ? `straight quote " in Chinese text: use ${after[j]}` : `half-width “${char}” in Chinese text: use “${after[j]}”`);
      j += 1;
    }
    if (char === '\n') {
      line += 1;
      column = 1;
    } else column += 1;
  }
}

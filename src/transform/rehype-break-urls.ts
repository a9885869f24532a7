/**
 * Long URLs, mail addresses, paths and identifiers may break after `/ . - _ ? & = # @` (in
 * running text also `, ; \`; a `<wbr>` there), without a hyphen: as one unbreakable word, a URL
 * in a Chinese sentence either runs past the margin or leaves the line before it spread wide (16
 * of the Debian Edu manual's stretched lines; a directory name left “Search DN:” alone on a line
 * spread 23 em). Link text that is a URL, path or mail address, inline code, and URLs, paths and
 * key=value lists written as plain text;
 * never code blocks. No break leaves fewer than three characters after it or two before it, and
 * none falls inside `://`. Link text that is a URL gets the class `url`, inline code with a long
 * run `long`: typography.css lets them break anywhere, as CJK text does, so that a line ending
 * in one is full rather than spread at its few other gaps (breaking only at those points
 * spread the corpus's lines: 59 stretched → 81). A short word of code with a hyphen in it
 * (`--unpack`, `dpkg-deb`) is never broken (the Debian FAQ's “dpkg -” / “-unpack”), nor one of
 * running text (“foo-data”), nor one of a code block under 32 characters. (Hand-written: the packages that do
 * this for HTML — hyphenopoly, hyphen — hyphenate words of a language, not URLs.)
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { addClass, classList } from '../hast-class.js';
import { SKIP, visit } from '../tree-visit.js';
import { h } from 'hastscript';

/** Shorter runs fit any line. */
const minLength = 12;
const breakAfter = /[/.\-_?&=#@]/u;
/** In running text also after `, ; \`: a directory name's pairs, a registry path's keys. (Not in
 *  code, whose `\n` stays whole: code breaks anywhere, typography.css.) */
const breakAfterInText = /[/.\-_?&=#@,;\\]/u;

function breakPoints(word: string, marks: RegExp): number[] {
  const points: number[] = [];
  const scheme = word.indexOf('://');
  for (let i = 2; i < word.length - 3; i++) {
    if (!marks.test(word[i] ?? '')) continue;
    if (scheme >= 0 && i <= scheme + 2) continue; // not inside or right after `://`
    if (marks.test(word[i + 1] ?? '')) continue; // after a run of marks, not inside it
    points.push(i + 1);
  }
  return points;
}

/** A URL or an absolute path inside running text (`见/usr/share/doc/…里`); a Windows or registry
 *  path (`C:\Windows\System32`, `HKEY_LOCAL_MACHINE\SOFTWARE\…`); a directory name of key=value
 *  pairs (`uid=pguser,ou=people,dc=skole,dc=no`). The last two start at a word's start only (no
 *  search again from inside a long run). */
const pathInText = new RegExp(
  [
    String.raw`(?:[a-z][a-z0-9+.-]*:\/\/|www\.|~?\/)[A-Za-z0-9._~\-/*?&=#%+:@,]+`,
    String.raw`(?<![A-Za-z0-9_.~\-$%])(?:[A-Za-z]:|[A-Za-z0-9_.~\-$%]+)(?:\\[A-Za-z0-9_.~\-$%{}]+)+\\?`,
    String.raw`(?<![A-Za-z0-9_.\-])[A-Za-z][A-Za-z0-9_.\-]*=[A-Za-z0-9_.\-+%@*]+(?:[,;][A-Za-z][A-Za-z0-9_.\-]*=[A-Za-z0-9_.\-+%@*]+)+`,
  ].join('|'),
  'giu',
);

/** The text with a `<wbr>` at each break point of its long runs (unspaced, or `runs`). */
function withBreaks(text: string, runs: RegExp = /\S+/gu, marks = breakAfter): ElementContent[] | undefined {
  const out: ElementContent[] = [];
  let last = 0;
  let changed = false;
  for (const match of text.matchAll(runs)) {
    const word = match[0];
    if (word.length < minLength) continue;
    for (const point of breakPoints(word, marks)) {
      const at = (match.index ?? 0) + point;
      out.push({ type: 'text', value: text.slice(last, at) }, { type: 'element', tagName: 'wbr', properties: {}, children: [] });
      last = at;
      changed = true;
    }
  }
  if (!changed) return undefined;
  out.push({ type: 'text', value: text.slice(last) });
  return out;
}

/** In code, a short word with a hyphen in it (`--unpack`, `dpkg-deb`) in a span `nobreak`: a
 *  browser breaks a line after a hyphen, and the reader would copy `dpkg -` / `-unpack`. */
function keepHyphenated(node: ElementContent, under = minLength): ElementContent[] {
  if (node.type !== 'text' || !/-\S/u.test(node.value)) return [node];
  const pieces = [...node.value.matchAll(/\S+/gu)].filter((piece) => /-\S/u.test(piece[0]) && piece[0].length < under);
  return pieces.length ? withNobreak(node.value, pieces.map((piece): [number, number] => [piece.index, piece.index + piece[0].length])) : [node];
}

/** The text with each of its `ranges` (in order, apart) in a span `nobreak`. */
function withNobreak(value: string, ranges: Array<[number, number]>): ElementContent[] {
  const out: ElementContent[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    out.push({ type: 'text', value: value.slice(at, from) }, h('span', { className: ['nobreak'] }, value.slice(from, to)));
    at = to;
  }
  out.push({ type: 'text', value: value.slice(at) });
  return out.filter((piece) => piece.type !== 'text' || piece.value);
}

/** In a code block, a piece with a hyphen in it (`/usr/bin/x-window-manager`) wraps whole under
 *  32 characters, well under an A5 line of code (about 50 cells): the block's lines are ragged,
 *  and a line broken after “--” reads as if the hyphen were the typesetter's. Text by text: a
 *  word that highlighting cut into spans (`-<span>exec</span>`) is not kept. */
function keepHyphenatedInBlock(pre: Element): void {
  visit(pre, 'element', (node: Element) => {
    if (classList(node).includes('nobreak')) return SKIP;
    node.children = node.children.flatMap((child) => keepHyphenated(child, 32));
    return undefined;
  });
}

/** A Latin word with a hyphen in it, soft hyphens (rehype-hyphenate-latin) allowed inside. */
const hyphenatedWord = /[A-Za-z0-9\u00AD]+(?:-[A-Za-z0-9\u00AD]+)+/gu;

/** In Chinese or Japanese running text, a short hyphenated word (a package's name, “foo-data”,
 *  “apt-get”) in a span `nobreak` too: the Debian FAQ broke a heading and its text into “foo-” /
 *  “data”. Not in Latin text, whose justified lines need their hyphens (Debian Edu's English
 *  pages: 5 lines more spread). */
function keepHyphenatedWords(node: ElementContent): ElementContent[] {
  if (node.type !== 'text' || !/[A-Za-z0-9]-[A-Za-z0-9]/u.test(node.value) || !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(node.value)) return [node];
  // (shorter than code's: a longer word moved whole spread the line before it, “binary-sparc”)
  const words = [...node.value.matchAll(hyphenatedWord)].filter((match) => match[0].replace(/\u00AD/gu, '').length < 10);
  return words.length ? withNobreak(node.value, words.map((match): [number, number] => [match.index, match.index + match[0].length])) : [node];
}

/** The first three and the last three characters of each word of a URL or a long run of code
 *  in a span `nobreak`: breaking anywhere (typography.css), a line broke after a word's first
 *  letter or before its last (“"L” / “ANG=en_US.UTF8"”, “https://www.debian.or” / “g”,
 *  “/etc/init.” / “d/”: 19 lines in four books of the corpus). A word starts at the element's
 *  start or after a space, and ends at its end or before one (a <wbr> goes on inside it). */
function keepEnds(children: ElementContent[]): ElementContent[] {
  return children.flatMap((child, index) => {
    if (child.type !== 'text') return [child];
    const kept: Array<[number, number]> = [];
    for (const word of child.value.matchAll(/\S+/gu)) {
      const start = word.index;
      const end = start + word[0].length;
      const from = start > 0 || index === 0 ? start : end;
      const to = end < child.value.length || index === children.length - 1 ? end : start;
      // (three characters, not UTF-16 units: a character beyond the BMP is never cut in two)
      const chars = [...word[0]];
      const head: [number, number] = [from, Math.min(from + chars.slice(0, 3).join('').length, end)];
      // (a URL's last piece after its last break point, up to six characters, whole: not “o” / “rg/”)
      const whole = index === children.length - 1 && index > 0 && children[index - 1]?.type === 'element' && child.value.length <= 6;
      const tail: [number, number] = [whole ? start : Math.max(to - chars.slice(-3).join('').length, start), to];
      if (from < end && to > start && head[1] >= tail[0]) kept.push([head[0], tail[1]]);
      else kept.push(...[head, tail].filter(([a, b]) => b - a > 1));
    }
    return kept.length ? withNobreak(child.value, kept) : [child];
  });
}

const isUrlText = (text: string) => /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|\/|~\/|\.\.?\/)\S+$/iu.test(text.trim());
/** A mail link whose text is its address (`request@bugs.debian.org`, a GFM autolink): a URL too.
 *  Unbroken, it left the FAQ's line before it spread 0.7 em a character (p. 114). */
const isMailText = (link: Element, text: string) => link.tagName === 'a' && String(link.properties['href'] ?? '') === `mailto:${text.trim()}`;

export default function rehypeBreakUrls() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'pre') keepHyphenatedInBlock(node);
      if (node.tagName === 'pre' || node.tagName === 'script' || node.tagName === 'style' || classList(node).includes('nobreak')) return SKIP;
      const isCode = node.tagName === 'code';
      if (!isCode && node.tagName !== 'a') {
        // Paths and URLs written as plain text.
        node.children = node.children.flatMap((child) => (child.type === 'text' ? (withBreaks(child.value, pathInText, breakAfterInText) ?? [child]).flatMap(keepHyphenatedWords) : [child]));
        return undefined;
      }
      let mark: string | undefined;
      node.children = node.children.flatMap((child) => {
        if (child.type !== 'text' || (!isCode && !isUrlText(child.value) && !isMailText(node, child.value))) return [child];
        const broken = withBreaks((child as Text).value);
        if (!isCode) mark = 'url';
        else if (broken) mark = 'long';
        return isCode ? (broken ?? [child]).flatMap((piece) => keepHyphenated(piece)) : (broken ?? [child]);
      });
      if (mark) {
        addClass(node, mark);
        node.children = keepEnds(node.children);
      }
      return SKIP;
    });
  };
}
